from odoo import fields, models


class CoopDocumentRejectWizard(models.TransientModel):
    """The chairman's reason for rejecting a document."""

    _name = "coop.document.reject.wizard"
    _description = "Reject a Document"

    document_id = fields.Many2one("coop.document", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.check_access("read")
        self.document_id.action_reject(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
