from odoo import api, models


class CoopDocumentJournalReport(models.AbstractModel):
    """Values of the printed registration journal (PDF)."""

    _name = "report.coop_docflow.report_document_journal"
    _description = "Registration Journal (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        wizards = self.env["coop.document.journal.report.wizard"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "coop.document.journal.report.wizard",
            "docs": wizards,
            "journal_lines": {wizard.id: wizard._get_documents() for wizard in wizards},
        }
