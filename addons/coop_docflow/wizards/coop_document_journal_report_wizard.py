from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..models.coop_document_journal import DOC_TYPES


class CoopDocumentJournalReportWizard(models.TransientModel):
    """Print or export the registration journal of a document type for a period."""

    _name = "coop.document.journal.report.wizard"
    _description = "Registration Journal Report"

    doc_type = fields.Selection(DOC_TYPES, string="Document Type", required=True, default="incoming")
    date_from = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self).replace(month=1, day=1)
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._("The period must start before it ends."))

    def _get_documents(self):
        self.ensure_one()
        self.check_access("read")
        return self.env["coop.document"].search(
            [
                ("doc_type", "=", self.doc_type),
                ("name", "!=", False),
                ("reg_date", ">=", self.date_from),
                ("reg_date", "<=", self.date_to),
            ],
            order="reg_date, name",
        )

    def action_print_pdf(self):
        self.ensure_one()
        self.check_access("read")
        return self.env.ref("coop_docflow.action_report_document_journal").report_action(self)

    def action_export_xlsx(self):
        self.ensure_one()
        self.check_access("read")
        return self.env.ref("coop_docflow.action_report_document_journal_xlsx").report_action(self)
