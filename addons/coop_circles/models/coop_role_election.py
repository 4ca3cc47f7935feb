"""Elections by the S3 selection process: a role to fill for a term; nominations (oneself or
another member) with reasons, visible to all; a proposal of the candidate; the circle's consent
round (in a meeting or asynchronously); on consent, the assignment for the term, with its end date
and a reminder before it ends. Past terms stay on the role."""

from dateutil.relativedelta import relativedelta
from odoo import _, api, fields, models
from odoo.addons.coop_base.tools import in_job_lang
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.access import check_manages, check_no_server_fields, check_readable
from .coop_role_assignment import REMINDER_DAYS

ELECTION_SERVER_FIELDS = ["state", "agreement_id", "assignment_id", "candidate_id", "circle_id"]


class CoopRoleElection(models.Model):
    _name = "coop.role.election"
    _description = "Election"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    role_id = fields.Many2one("coop.role", required=True, index=True, ondelete="cascade", tracking=True)
    circle_id = fields.Many2one(related="role_id.circle_id", store=True, index=True)
    term_months = fields.Integer(
        string="Term (months)",
        required=True,
        default=12,
        tracking=True,
        help="The elected person holds the role for this many months.",
    )
    date_start = fields.Date(
        string="Term Starts", required=True, default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date(string="Term Ends", compute="_compute_date_end")
    consent_mode = fields.Selection(
        [("meeting", "In a Meeting"), ("async", "Asynchronous")],
        string="Consent",
        default="meeting",
        required=True,
    )
    objection_window_days = fields.Integer(string="Objection Window (working days)", default=5)
    state = fields.Selection(
        [
            ("nominating", "Nominations"),
            ("proposed", "Consent Round"),
            ("elected", "Elected"),
            ("cancelled", "Cancelled"),
        ],
        default="nominating",
        required=True,
        readonly=True,
        tracking=True,
    )
    nomination_ids = fields.One2many("coop.role.election.nomination", "election_id", string="Nominations")
    nomination_count = fields.Integer(compute="_compute_nomination_count")
    candidate_id = fields.Many2one("res.users", string="Proposed", readonly=True, tracking=True)
    agreement_id = fields.Many2one("coop.agreement", string="Proposal", readonly=True, copy=False)
    agreement_state = fields.Selection(related="agreement_id.state", string="Proposal State")
    assignment_id = fields.Many2one("coop.role.assignment", string="Assignment", readonly=True, copy=False)

    @api.depends("role_id.display_name", "date_start")
    def _compute_name(self):
        for rec in self:
            rec.name = _("Election: %(role)s", role=rec.role_id.display_name or "")

    @api.depends("date_start", "term_months")
    def _compute_date_end(self):
        for rec in self:
            rec.date_end = (
                rec.date_start + relativedelta(months=rec.term_months, days=-1)
                if rec.date_start and rec.term_months
                else False
            )

    @api.depends("nomination_ids")
    def _compute_nomination_count(self):
        for rec in self:
            rec.nomination_count = len(rec.nomination_ids)

    @api.onchange("role_id")
    def _onchange_role_id(self):
        if self.role_id.term_months:
            self.term_months = self.role_id.term_months

    @api.constrains("term_months")
    def _check_term(self):
        for rec in self:
            if rec.term_months < 1:
                raise ValidationError(_("An elected term lasts at least one month."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_no_server_fields(self, vals, ELECTION_SERVER_FIELDS)
            if vals.get("role_id"):
                role = self.env["coop.role"].browse(vals["role_id"])
                check_readable(role)
                check_manages(role.circle_id)
        return super().create(vals_list)

    def write(self, vals):
        check_no_server_fields(self, vals, ELECTION_SERVER_FIELDS)
        if "role_id" in vals and any(rec.role_id.id != vals["role_id"] for rec in self):
            raise UserError(_("An election stays on its role."))
        if {"term_months", "date_start", "consent_mode", "objection_window_days"} & set(
            vals
        ) and self.filtered(lambda e: e.state != "nominating"):
            raise UserError(
                _("The candidate is proposed: the term and the way of consent stay as they were.")
            )
        return super().write(vals)

    def _check_manages(self):
        self.check_access("read")
        check_manages(self.circle_id)

    @in_job_lang
    def action_propose(self, candidate_id=None):
        """Propose a nominee (the one with most nominations by default) to the circle for consent."""
        self.ensure_one()
        self._check_manages()
        if self.state != "nominating":
            raise UserError(_("The election %s is not taking nominations any more.", self.name))
        nominees = self.nomination_ids.candidate_id
        if candidate_id:
            candidate = self.env["res.users"].browse(candidate_id)
            if candidate not in nominees:
                raise UserError(_("Propose one of the nominees."))
        else:
            counts = {
                user: len(self.nomination_ids.filtered(lambda n, u=user: n.candidate_id == u))
                for user in nominees
            }
            if not counts:
                raise UserError(_("Nobody is nominated yet."))
            candidate = max(counts, key=lambda u: (counts[u], -u.id))
        reasons = "\n".join(
            "- %s: %s" % (n.nominated_by_id.name, n.reason)
            for n in self.nomination_ids.filtered(lambda n: n.candidate_id == candidate)
        )
        agreement = (
            self.env["coop.agreement"]
            .sudo()
            .create(
                {
                    "name": _("%(user)s for the role %(role)s", user=candidate.name, role=self.role_id.name),
                    "circle_id": self.circle_id.id,
                    "owner_id": self.env.user.id,
                    "driver": _(
                        "The role %(role)s is to be filled for %(months)s months.",
                        role=self.role_id.name,
                        months=self.term_months,
                    ),
                    "text": _(
                        "%(user)s holds the role %(role)s from %(start)s to %(end)s.\nNominations:\n%(reasons)s",
                        user=candidate.name,
                        role=self.role_id.name,
                        start=self.date_start,
                        end=self.date_end,
                        reasons=reasons,
                    ),
                    "consent_mode": self.consent_mode,
                    "objection_window_days": self.objection_window_days,
                    "review_date": self.date_end,
                    "election_id": self.id,
                }
            )
        )
        self.sudo().write({"state": "proposed", "candidate_id": candidate.id, "agreement_id": agreement.id})
        agreement.action_propose()
        return True

    def action_cancel(self):
        self._check_manages()
        for rec in self:
            if rec.state == "elected":
                raise UserError(_("The election %s is over: end the assignment instead.", rec.name))
            if rec.agreement_id.state in ("draft", "proposed"):
                rec.agreement_id.sudo().action_withdraw()
        self.sudo().write({"state": "cancelled"})
        return True

    def _on_consented(self):
        """The circle consented: the candidate holds the role for the term, reminded before it ends."""
        for rec in self.filtered(lambda e: e.state == "proposed"):
            assignment = (
                self.env["coop.role.assignment"]
                .sudo()
                .create(
                    {
                        "role_id": rec.role_id.id,
                        "user_id": rec.candidate_id.id,
                        "date_start": rec.date_start,
                        "date_end": rec.date_end,
                        "election_date": fields.Date.context_today(self),
                    }
                )
            )
            reminder = max(rec.date_end - relativedelta(days=REMINDER_DAYS), rec.date_start)
            assignment.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=reminder,
                summary=_("Elect the next holder of the role"),
                note=_(
                    "The term of %(user)s as %(role)s ends on %(end)s: hold an election.",
                    user=rec.candidate_id.name,
                    role=rec.role_id.name,
                    end=rec.date_end,
                ),
                user_id=(rec.circle_id.coordinator_id or rec.candidate_id).id,
            )
            assignment.write({"term_reminder_done": True})
            rec.sudo().write({"state": "elected", "assignment_id": assignment.id})


class CoopRoleElectionNomination(models.Model):
    _name = "coop.role.election.nomination"
    _description = "Nomination"
    _order = "create_date, id"

    election_id = fields.Many2one("coop.role.election", required=True, index=True, ondelete="cascade")
    circle_id = fields.Many2one(related="election_id.circle_id", store=True, index=True)
    candidate_id = fields.Many2one(
        "res.users", string="Nominee", required=True, domain=[("share", "=", False)], ondelete="cascade"
    )
    nominated_by_id = fields.Many2one(
        "res.users", string="Nominated By", required=True, default=lambda self: self.env.user, readonly=True
    )
    reason = fields.Text(required=True, help="Why this person fits the role.")
    is_self = fields.Boolean(string="Self-nomination", compute="_compute_is_self")

    _sql_constraints = [
        (
            "nomination_uniq",
            "unique(election_id, candidate_id, nominated_by_id)",
            "You nominated this person already.",
        ),
    ]

    @api.depends("candidate_id", "nominated_by_id")
    def _compute_is_self(self):
        for rec in self:
            rec.is_self = rec.candidate_id == rec.nominated_by_id

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_no_server_fields(self, vals, ["nominated_by_id", "circle_id"])
            if not (vals.get("reason") or "").strip():
                raise ValidationError(_("A nomination gives its reason."))
            election = self.env["coop.role.election"].browse(vals.get("election_id"))
            check_readable(election)
            if election.state != "nominating":
                raise UserError(_("The election %s is not taking nominations any more.", election.name))
            candidate = self.env["res.users"].browse(vals.get("candidate_id")).exists()
            check_readable(candidate, _("You cannot nominate a person you are not allowed to see."))
            if candidate.sudo().share:
                raise ValidationError(_("Roles are held by internal users only, not by portal users."))
        return super().create(vals_list)

    def write(self, vals):
        check_no_server_fields(self, vals, ["nominated_by_id", "circle_id"])
        if {"election_id", "candidate_id"} & set(vals) and not self.env.su:
            raise AccessError(_("A nomination stays as it was made: withdraw it and nominate again."))
        return super().write(vals)
