from odoo import fields, models


class CoopDocumentJournalCounter(models.Model):
    """Last number given by a journal in a year (one row per journal and year)."""

    _name = "coop.document.journal.counter"
    _description = "Document Journal Yearly Counter"
    _order = "journal_id, year desc"

    journal_id = fields.Many2one("coop.document.journal", required=True, ondelete="cascade", index=True)
    year = fields.Integer(required=True)
    last_number = fields.Integer(readonly=True)

    _sql_constraints = [
        ("journal_year_uniq", "unique(journal_id, year)", "One counter per journal and year."),
    ]
