from odoo import api, fields, models
from odoo.exceptions import UserError

DOC_TYPES = [
    ("internal", "Internal"),
    ("incoming", "Incoming"),
    ("outgoing", "Outgoing"),
]
MEDIUMS = [
    ("paper", "Paper"),
    ("electronic", "Electronic"),
    ("email", "Email"),
    ("fax", "Fax"),
    ("courier", "Courier"),
    ("edo", "EDI operator"),
]
PRIORITIES = [("0", "Normal"), ("1", "High"), ("2", "Urgent")]


class CoopDocumentJournal(models.Model):
    """Registration journal of an office: one per office and document type, numbered per year."""

    _name = "coop.document.journal"
    _description = "Document Registration Journal"
    _order = "office_id, doc_type"

    name = fields.Char(required=True, translate=True)
    office_id = fields.Many2one(
        "coop.docflow.office",
        string="Office",
        required=True,
        index=True,
        ondelete="restrict",
        default=lambda self: self.env["coop.docflow.office"]._default_office(),
    )
    doc_type = fields.Selection(DOC_TYPES, string="Document Type", required=True)
    prefix = fields.Char(
        required=True,
        help="Put before the year and the number, e.g. 'Вх' gives 'Вх-2026-0001'.",
    )
    padding = fields.Integer(default=4, required=True, help="Digits of the number.")
    active = fields.Boolean(default=True)
    counter_ids = fields.One2many(
        "coop.document.journal.counter", "journal_id", string="Yearly Counters", readonly=True
    )

    _sql_constraints = [
        (
            "office_doc_type_uniq",
            "unique(office_id, doc_type)",
            "The office already has a journal for this document type.",
        ),
        ("prefix_uniq", "unique(prefix)", "Another journal already has this prefix."),
    ]

    @api.model
    def _get_for(self, office, doc_type):
        """The journal of ``office`` for ``doc_type``."""
        journal = (
            self.sudo()
            .with_context(active_test=False)
            .search([("office_id", "=", office.id), ("doc_type", "=", doc_type)], limit=1)
        )
        if not journal:
            raise UserError(
                self.env._(
                    "Office %(office)s has no registration journal for %(type)s documents.",
                    office=office.sudo().complete_name,
                    type=dict(self._fields["doc_type"]._description_selection(self.env)).get(doc_type, doc_type),
                )
            )
        return journal

    def _next_number(self, reg_date):
        """Give the next number of the journal for the year of ``reg_date``.

        The yearly counter row is locked with SELECT ... FOR UPDATE and incremented in the
        caller's transaction: concurrent registrations wait for each other (or are retried by
        the server after a serialization failure, which is why such an expected failure is not
        logged as an error), and a registration that rolls back gives its number back, so
        numbers are unique and without gaps.
        """
        self.ensure_one()
        year = reg_date.year
        counter_model = self.env["coop.document.journal.counter"]
        counter_model.flush_model()
        cr = self.env.cr
        cr.execute(
            """
            INSERT INTO coop_document_journal_counter
                (journal_id, year, last_number, create_uid, write_uid, create_date, write_date)
            VALUES (%s, %s, 0, %s, %s, now() at time zone 'UTC', now() at time zone 'UTC')
            ON CONFLICT (journal_id, year) DO NOTHING
            """,
            (self.id, year, self.env.uid, self.env.uid),
            log_exceptions=False,
        )
        cr.execute(
            """
            SELECT id, last_number FROM coop_document_journal_counter
             WHERE journal_id = %s AND year = %s
               FOR UPDATE
            """,
            (self.id, year),
            log_exceptions=False,
        )
        counter_id, last_number = cr.fetchone()
        number = last_number + 1
        cr.execute(
            """
            UPDATE coop_document_journal_counter
               SET last_number = %s, write_uid = %s, write_date = now() at time zone 'UTC'
             WHERE id = %s
            """,
            (number, self.env.uid, counter_id),
            log_exceptions=False,
        )
        counter_model.browse(counter_id).invalidate_recordset()
        return "%s-%s-%s" % (self.prefix, year, str(number).zfill(self.padding or 1))
