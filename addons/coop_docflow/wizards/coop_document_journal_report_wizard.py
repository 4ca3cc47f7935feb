from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..models.coop_document_journal import DOC_TYPES


class CoopDocumentJournalReportWizard(models.TransientModel):
    """Print or export an office's registration journal of a document type for a period."""

    _name = "coop.document.journal.report.wizard"
    _description = "Registration Journal Report"

    office_id = fields.Many2one(
        "coop.docflow.office",
        string="Office",
        required=True,
        default=lambda self: self._default_office(),
        domain="[('id', 'in', office_choice_ids)]",
    )
    office_choice_ids = fields.Many2many("coop.docflow.office", compute="_compute_office_choice_ids")
    doc_type = fields.Selection(DOC_TYPES, string="Document Type", required=True, default="incoming")
    date_from = fields.Date(
        required=True, default=lambda self: fields.Date.context_today(self).replace(month=1, day=1)
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)

    @api.model
    def _office_choices(self):
        """The offices whose journals the user may print: those he is in charge of (and the
        offices below them); every office for the document flow administrator."""
        Office = self.env["coop.docflow.office"]
        if self.env.su or self.env.user.has_group("coop_docflow.group_docflow_admin"):
            return Office.search([])
        return Office.search([("scope_user_ids", "in", [self.env.uid])])

    @api.model
    def _default_office(self):
        offices = self._office_choices()
        mine = offices & self.env["coop.docflow.office"]._user_offices()
        return (mine or offices)[:1]

    @api.depends_context("uid")
    def _compute_office_choice_ids(self):
        offices = self._office_choices()
        for wizard in self:
            wizard.office_choice_ids = offices

    @api.constrains("office_id")
    def _check_office(self):
        for wizard in self:
            if wizard.office_id not in self._office_choices():
                raise AccessError(
                    self.env._("You are not in charge of office %s: its journal is not yours to print.", wizard.office_id.display_name)
                )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._("The period must start before it ends."))

    def _get_documents(self):
        self.ensure_one()
        self.check_access("read")
        self._check_office()
        return self.env["coop.document"].search(
            [
                ("journal_id.office_id", "=", self.office_id.id),
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
