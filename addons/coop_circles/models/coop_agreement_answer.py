from odoo import _, api, fields, models

ANSWERS = [
    ("consent", "Consent"),
    ("object", "Objection"),
    ("stand_aside", "Stand Aside"),
]


class CoopAgreementAnswer(models.Model):
    """One member's answer in a proposal's consent round: who consented, objected or stood aside.

    Answers are written by the server only (``coop.agreement`` answer methods and objections):
    every member reads them, as they are the public record of the consent round.
    """

    _name = "coop.agreement.answer"
    _description = "Consent Answer"
    _order = "answer_date desc, id desc"
    _rec_name = "user_id"

    agreement_id = fields.Many2one("coop.agreement", required=True, index=True, ondelete="cascade")
    circle_id = fields.Many2one(related="agreement_id.circle_id", store=True, index=True)
    user_id = fields.Many2one("res.users", string="Member", required=True, index=True, ondelete="cascade")
    answer = fields.Selection(ANSWERS, required=True)
    reason = fields.Text(help="For an objection: why the proposal would cause harm.")
    objection_id = fields.Many2one("coop.agreement.objection", string="Objection", ondelete="set null")
    objection_state = fields.Selection(related="objection_id.state", string="Objection State")
    answer_date = fields.Datetime(string="Answered On", default=fields.Datetime.now, required=True)
    recorded_by_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        help="Who recorded the answer: the member himself, or the facilitator in a meeting.",
    )
    in_meeting = fields.Boolean(help="Given in a meeting rather than asynchronously.")

    _sql_constraints = [
        ("agreement_user_uniq", "unique(agreement_id, user_id)", "A member answers a proposal once."),
    ]

    @api.depends("user_id", "answer")
    def _compute_display_name(self):
        labels = dict(self._fields["answer"]._description_selection(self.env))
        for rec in self:
            rec.display_name = _(
                "%(member)s: %(answer)s", member=rec.user_id.name or "", answer=labels.get(rec.answer, "")
            )
