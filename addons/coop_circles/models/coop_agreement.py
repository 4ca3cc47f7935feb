from dateutil.relativedelta import relativedelta
from odoo import _, api, fields, models
from odoo.addons.coop_base.tools import in_job_lang, selection_label
from odoo.exceptions import UserError, ValidationError

from ..tools.access import check_manages

# Fields holding what the circle consented to: frozen once consented.
CONSENTED_FIELDS = {"name", "driver", "text", "circle_id"}
CLOSED_STATES = ("consented", "withdrawn", "to_review", "retired")


class CoopAgreement(models.Model):
    _name = "coop.agreement"
    _description = "Agreement"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"

    name = fields.Char(required=True, tracking=True)
    circle_id = fields.Many2one("coop.circle", required=True, index=True, ondelete="restrict", tracking=True)
    owner_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        tracking=True,
        help="Who looks after the agreement and gets the review reminder.",
    )
    driver = fields.Text(help="The situation the agreement responds to.", tracking=True)
    text = fields.Text(string="Agreement", required=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("proposed", "Proposed"),
            ("consented", "Consented"),
            ("withdrawn", "Withdrawn"),
            ("to_review", "To Review"),
            ("retired", "Retired"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    review_date = fields.Date(
        tracking=True,
        default=lambda self: fields.Date.context_today(self) + relativedelta(months=6),
        help="The agreement holds until this review date.",
    )
    consent_date = fields.Date(readonly=True, tracking=True)
    objection_ids = fields.One2many("coop.agreement.objection", "agreement_id", string="Objections")
    objection_count = fields.Integer(compute="_compute_objection_count", store=True)
    open_objection_count = fields.Integer(compute="_compute_objection_count", store=True)
    previous_id = fields.Many2one(
        "coop.agreement",
        string="Amends",
        readonly=True,
        index=True,
        help="The agreement this proposal changes; it retires when this one is consented.",
    )
    amendment_ids = fields.One2many("coop.agreement", "previous_id", string="Amendments")
    color = fields.Integer(compute="_compute_color")

    @api.depends("objection_ids.state")
    def _compute_objection_count(self):
        for rec in self:
            rec.objection_count = len(rec.objection_ids)
            rec.open_objection_count = len(rec.objection_ids.filtered(lambda o: o.state == "open"))

    @api.depends("state")
    def _compute_color(self):
        colors = {"proposed": 3, "consented": 10, "to_review": 2, "withdrawn": 1, "retired": 0}
        for rec in self:
            rec.color = colors.get(rec.state, 0)

    def write(self, vals):
        if vals.get("circle_id") and any(rec.circle_id.id != vals["circle_id"] for rec in self):
            self.check_access("write")
            check_manages(self.env["coop.circle"].browse(vals["circle_id"]))
        if CONSENTED_FIELDS & set(vals):
            frozen = self.filtered(lambda a: a.state in CLOSED_STATES)
            if frozen:
                raise UserError(
                    _(
                        "The agreement %s is no longer a proposal: its text cannot be edited. "
                        "Propose an amendment instead.",
                        frozen[0].name,
                    )
                )
        return super().write(vals)

    def _check_state(self, states, action):
        for rec in self:
            if rec.state not in states:
                state_label = selection_label(rec, "state")
                raise UserError(
                    _(
                        "Cannot %(action)s the agreement %(name)s in state %(state)s.",
                        action=action,
                        name=rec.name,
                        state=state_label,
                    )
                )

    def action_propose(self):
        self.check_access("write")
        self._check_state(("draft",), _("propose"))
        self.write({"state": "proposed"})

    def action_consent(self):
        self.check_access("write")
        self._check_state(("proposed",), _("consent to"))
        today = fields.Date.context_today(self)
        for rec in self:
            if rec.open_objection_count:
                raise UserError(
                    _(
                        "The proposal %s still has open objections: integrate or withdraw them first.",
                        rec.name,
                    )
                )
            if not rec.review_date:
                raise ValidationError(
                    _("An agreement holds until its next review: set a review date for %s.", rec.name)
                )
            if rec.review_date <= today:
                raise ValidationError(_("The review date of %s must be in the future.", rec.name))
        self.write({"state": "consented", "consent_date": today})
        previous = self.previous_id.filtered(lambda a: a.state in ("consented", "to_review"))
        if previous:
            previous.write({"state": "retired"})
            for rec in previous:
                rec.message_post(body=_("Superseded by the amendment %s.", rec.amendment_ids[-1:].name))

    def action_withdraw(self):
        self.check_access("write")
        self._check_state(("draft", "proposed"), _("withdraw"))
        self.write({"state": "withdrawn"})

    def action_retire(self):
        self.check_access("write")
        self._check_state(("consented", "to_review"), _("retire"))
        self.write({"state": "retired"})

    def action_confirm_review(self):
        """The circle reviewed the agreement and keeps it until the new review date."""
        self.check_access("write")
        self._check_state(("to_review",), _("confirm the review of"))
        today = fields.Date.context_today(self)
        for rec in self:
            if not rec.review_date or rec.review_date <= today:
                raise ValidationError(
                    _("Set the next review date of %s in the future before keeping it.", rec.name)
                )
        self.write({"state": "consented"})
        self.activity_feedback(["mail.mail_activity_data_todo"])

    def action_amend(self):
        """Open a new proposal carrying the text of this agreement; the agreement stays as it is."""
        self.ensure_one()
        self.check_access("read")
        self._check_state(("consented", "to_review"), _("amend"))
        amendment = self.create(
            {
                "name": self.name,
                "circle_id": self.circle_id.id,
                "driver": self.driver,
                "text": self.text,
                "previous_id": self.id,
            }
        )
        return amendment._get_records_action()

    @api.model
    @in_job_lang
    def _cron_review_due(self):
        """Move consented agreements whose review date came to review, and tell their owners."""
        today = fields.Date.context_today(self)
        due = self.search([("state", "=", "consented"), ("review_date", "<=", today)])
        due.write({"state": "to_review"})
        for rec in due:
            rec.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=today,
                summary=_("Review the agreement"),
                note=_(
                    "The agreement %(name)s of circle %(circle)s is due for review.",
                    name=rec.name,
                    circle=rec.circle_id.name,
                ),
                user_id=(rec.owner_id or rec.circle_id.coordinator_id or self.env.user).id,
            )
        return due
