from datetime import timedelta

from dateutil.relativedelta import relativedelta
from odoo import _, api, fields, models
from odoo.addons.coop_base.tools import in_job_lang
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import format_date

from ..tools.access import check_no_server_fields, check_readable, is_coop_admin
from .coop_role import SINGLE_HOLDER_TYPES

# Computed by the server (the chairman's approval only through action_approve).
SERVER_FIELDS = ("circle_id", "approval_state", "approved_by_id", "approval_date", "term_reminder_done")

REMINDER_DAYS = 30


class CoopRoleAssignment(models.Model):
    _name = "coop.role.assignment"
    _description = "Role Assignment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _rec_name = "display_name"

    role_id = fields.Many2one("coop.role", required=True, index=True, ondelete="cascade", tracking=True)
    user_id = fields.Many2one(
        "res.users",
        string="Person",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
        domain=[("share", "=", False)],
    )
    circle_id = fields.Many2one(
        "coop.circle", related="role_id.circle_id", store=True, index=True, string="Circle"
    )
    circle_kind = fields.Selection(related="circle_id.kind", string="Circle Kind")
    structural_type = fields.Selection(related="role_id.structural_type")
    is_elected = fields.Boolean(related="role_id.is_elected")
    active = fields.Boolean(default=True)
    date_start = fields.Date(string="From", required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(
        string="To",
        compute="_compute_date_end",
        store=True,
        readonly=False,
        tracking=True,
        help="Empty for an open-ended role; for an elected role, the end of the term.",
    )
    focus = fields.Char(help="What this person focuses on in the role.")
    election_date = fields.Date(tracking=True)
    approval_state = fields.Selection(
        [
            ("not_required", "Not Required"),
            ("to_approve", "Waiting for the Chairman"),
            ("approved", "Approved"),
        ],
        string="Chairman's Approval",
        compute="_compute_approval_state",
        store=True,
        readonly=True,
        tracking=True,
    )
    approved_by_id = fields.Many2one("res.users", string="Approved By", readonly=True)
    approval_date = fields.Date(readonly=True)
    is_current = fields.Boolean(string="Current", compute="_compute_is_current", search="_search_is_current")
    term_reminder_done = fields.Boolean(readonly=True, copy=False)
    user_image = fields.Binary(related="user_id.avatar_128", string="Avatar")

    @api.depends("role_id.display_name", "user_id.name", "circle_id.name")
    def _compute_display_name(self):
        for rec in self:
            rec.display_name = "%s: %s (%s)" % (
                rec.user_id.name or "",
                rec.role_id.display_name or "",
                rec.circle_id.name or "",
            )

    @api.depends("role_id", "date_start")
    def _compute_date_end(self):
        for rec in self:
            role = rec.role_id
            if role.is_elected and role.term_months and rec.date_start and not rec.date_end:
                rec.date_end = rec.date_start + relativedelta(months=role.term_months, days=-1)

    @api.depends("role_id")
    def _compute_approval_state(self):
        for rec in self:
            if rec.approval_state == "approved":
                continue
            rec.approval_state = "to_approve" if rec.role_id.needs_approval else "not_required"

    @api.depends("date_start", "date_end", "approval_state", "active")
    def _compute_is_current(self):
        today = fields.Date.context_today(self)
        for rec in self:
            rec.is_current = bool(
                rec.active
                and rec.date_start
                and rec.date_start <= today
                and (not rec.date_end or rec.date_end >= today)
                and rec.approval_state != "to_approve"
            )

    def _current_domain(self):
        today = fields.Date.context_today(self)
        return [
            ("date_start", "<=", today),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", today),
            ("approval_state", "!=", "to_approve"),
        ]

    def _search_is_current(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Unsupported search on the current flag."))
        positive = (operator == "=") == value
        domain = self._current_domain()
        return domain if positive else ["!"] + expression.normalize_domain(domain)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for rec in self:
            if rec.date_end and rec.date_start and rec.date_end < rec.date_start:
                raise ValidationError(
                    _(
                        "The assignment of %(user)s to %(role)s cannot end (%(end)s) before it starts (%(start)s).",
                        user=rec.user_id.name,
                        role=rec.role_id.name,
                        end=format_date(rec.env, rec.date_end),
                        start=format_date(rec.env, rec.date_start),
                    )
                )

    @api.constrains("role_id", "date_start", "date_end", "active", "user_id")
    def _check_single_holder(self):
        for rec in self.filtered(lambda r: r.active and r.role_id.structural_type in SINGLE_HOLDER_TYPES):
            domain = [
                ("id", "!=", rec.id),
                ("role_id", "=", rec.role_id.id),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", rec.date_start),
            ]
            if rec.date_end:
                domain.append(("date_start", "<=", rec.date_end))
            other = self.sudo().search(domain, limit=1)
            if other:
                raise ValidationError(
                    _(
                        "The role %(role)s in circle %(circle)s has a single holder: %(user)s already holds it from %(start)s.",
                        role=rec.role_id.name,
                        circle=rec.circle_id.name,
                        user=other.user_id.name,
                        start=other.date_start,
                    )
                )

    def _check_chairman_role(self, roles):
        """Holding the chairman's role gives the approval of elections: administrators assign it."""
        if not is_coop_admin(self.env) and any(role.sudo().is_chairman_role for role in roles):
            raise UserError(_("Only an administrator assigns the chairman's role."))

    def _check_person(self, user_ids):
        """The holder of a role is an internal user the author may see."""
        users = self.env["res.users"].browse(user_ids).exists()
        check_readable(users, _("You cannot give a role to a person you are not allowed to see."))
        if any(user.sudo().share for user in users):
            raise ValidationError(_("Roles are held by internal users only, not by portal users."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_no_server_fields(self, vals, SERVER_FIELDS)
        self._check_person([vals["user_id"] for vals in vals_list if vals.get("user_id")])
        self._check_chairman_role(
            self.env["coop.role"].browse([vals["role_id"] for vals in vals_list if vals.get("role_id")])
        )
        records = super().create(vals_list)
        records._sync_circle_leads()
        records._touch_council()
        records.filtered(lambda a: a.approval_state == "to_approve")._ask_chairman()
        return records

    def _chairmen(self):
        return self.sudo().search([("role_id.is_chairman_role", "=", True)] + self._current_domain()).user_id

    def _ask_chairman(self):
        chairmen = self._chairmen()
        for rec in self:
            for chairman in chairmen:
                rec.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=_("Approve the elected team lead"),
                    note=_(
                        "%(user)s was elected %(role)s of circle %(circle)s: approve the election.",
                        user=rec.user_id.name,
                        role=rec.role_id.display_name,
                        circle=rec.circle_id.name,
                    ),
                    user_id=chairman.id,
                )

    def write(self, vals):
        check_no_server_fields(self, vals, SERVER_FIELDS)
        if (
            "role_id" in vals
            and not is_coop_admin(self.env)
            and any(rec.role_id.id != vals["role_id"] for rec in self)
        ):
            raise UserError(
                _(
                    "An assignment stays on its role: end it and assign the person to the other role "
                    "in that circle instead (only an administrator moves an assignment)."
                )
            )
        if vals.get("user_id"):
            self._check_person([vals["user_id"]])
        if {"user_id", "date_start", "date_end", "active"} & set(vals):
            self._check_chairman_role(self.role_id)
        if "date_end" in vals and "term_reminder_done" not in vals:
            vals = dict(vals, term_reminder_done=False)
        res = super().write(vals)
        if {"date_start", "date_end", "active", "user_id", "role_id", "approval_state"} & set(vals):
            self._sync_circle_leads()
            self._touch_council()
        return res

    def unlink(self):
        representatives = self.filtered(lambda a: a.role_id.structural_type == "representative")
        res = super().unlink()
        if representatives:
            self.browse()._touch_council(force=True)
        return res

    def _touch_council(self, force=False):
        """Council members are the circles' representatives: recompute them when those change."""
        if force or any(a.role_id.structural_type == "representative" for a in self):
            circles = self.env["coop.circle"].sudo().with_context(active_test=False)
            councils = circles.search([("kind", "=", "council")])
            if councils:
                self.env.add_to_compute(circles._fields["member_ids"], councils)

    def _sync_circle_leads(self):
        """A current holder of the coordinator / team lead role is the circle's coordinator / team lead."""
        field_by_type = {"coordinator": "coordinator_id", "team_lead": "team_lead_id"}
        for rec in self:
            fname = field_by_type.get(rec.role_id.structural_type)
            if fname and rec.is_current and rec.circle_id[fname] != rec.user_id:
                rec.circle_id.sudo().with_context(coop_sync_leads=True)[fname] = rec.user_id

    def _is_chairman(self, user):
        return bool(
            self.sudo().search_count(
                [("user_id", "=", user.id), ("role_id.is_chairman_role", "=", True)] + self._current_domain(),
                limit=1,
            )
        )

    def action_approve(self):
        self.check_access("read")
        user = self.env.user
        if not (self._is_chairman(user) or user.has_group("coop_circles.group_coop_admin")):
            raise UserError(_("Only the chairman of the cooperative approves elected team leads."))
        for rec in self:
            if rec.approval_state != "to_approve":
                raise UserError(
                    _("The assignment %s is not waiting for the chairman's approval.", rec.display_name)
                )
        self.sudo().write(
            {
                "approval_state": "approved",
                "approved_by_id": user.id,
                "approval_date": fields.Date.context_today(self),
            }
        )
        self._sync_circle_leads()
        self.sudo().activity_feedback(["mail.mail_activity_data_todo"], feedback=_("Approved"))
        return True

    @api.model
    @in_job_lang
    def _cron_term_reminders(self):
        """Remind the circle a month before an elected term ends, so that it holds an election."""
        today = fields.Date.context_today(self)
        due = self.search(
            [
                ("is_elected", "=", True),
                ("term_reminder_done", "=", False),
                ("date_end", "!=", False),
                ("date_end", ">=", today),
                ("date_end", "<=", today + timedelta(days=REMINDER_DAYS)),
            ]
            + self._current_domain()
        )
        for rec in due:
            responsible = rec.circle_id.coordinator_id or rec.user_id
            rec.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=rec.date_end,
                summary=_("Term ends: hold an election"),
                note=_(
                    "The term of %(user)s as %(role)s ends on %(end)s: hold an election in the circle.",
                    user=rec.user_id.name,
                    role=rec.role_id.name,
                    end=format_date(rec.env, rec.date_end),
                ),
                user_id=responsible.id,
            )
        due.write({"term_reminder_done": True})
        return due
