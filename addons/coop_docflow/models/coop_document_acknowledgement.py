from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class CoopDocumentAcknowledgement(models.Model):
    """A line of the acknowledgement sheet: who must read the document, and when they did."""

    _name = "coop.document.acknowledgement"
    _description = "Document Acknowledgement"
    _order = "document_id, id"

    document_id = fields.Many2one(
        "coop.document", required=True, ondelete="cascade", index=True, readonly=True
    )
    document_title = fields.Char(related="document_id.title", string="Document Title")
    user_id = fields.Many2one("res.users", string="Employee", required=True, index=True, readonly=True)
    date_acknowledged = fields.Datetime(string="Acknowledged On", readonly=True)
    state = fields.Selection(
        [("pending", "To Read"), ("done", "Acknowledged")],
        compute="_compute_state",
        store=True,
    )

    _sql_constraints = [
        ("document_user_uniq", "unique(document_id, user_id)", "The employee is already on the sheet."),
    ]

    @api.depends("date_acknowledged")
    def _compute_state(self):
        for line in self:
            line.state = "done" if line.date_acknowledged else "pending"

    def _compute_display_name(self):
        for line in self:
            line.display_name = "%s: %s" % (line.document_id.display_name or "", line.user_id.name or "")

    def action_acknowledge(self):
        """The employee confirms having read the document (only for themselves, once)."""
        self.check_access("read")
        for line in self:
            if not self.env.su and line.user_id != self.env.user:
                raise AccessError(self.env._("You can acknowledge a document only for yourself."))
            if line.date_acknowledged:
                raise UserError(
                    self.env._(
                        "%(user)s already acknowledged %(doc)s.",
                        user=line.user_id.name,
                        doc=line.document_id.display_name,
                    )
                )
        for line in self:
            line.sudo().write({"date_acknowledged": fields.Datetime.now()})
            document = line.document_id.sudo()
            document._close_activities(line.user_id)
            document.message_post(
                body=self.env._("%s has read the document.", line.user_id.name),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        self.document_id._check_all_acknowledged()
        return True
