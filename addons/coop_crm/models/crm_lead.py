from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.coop_base.models.iap_guard import PARAM_LEAD_ENRICH, iap_enabled
from odoo.addons.coop_base.tools import in_job_lang, related_action
from odoo.addons.coop_circles.tools.access import check_no_server_fields, check_readable, relation_ids
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import format_datetime, is_html_empty

from ..tools.rules_sql import check_rules_in_sql

# Stored computed fields of a lead: written by the server only.
SERVER_FIELDS = (
    "coop_client_id",
    "coop_circle_id",
    "coop_outcome",
    "coop_conversion",
    "coop_sla_deadline",
    "coop_sla_risk_date",
    "coop_sla_notified_deadline",
)


class CrmLead(models.Model):
    _inherit = "crm.lead"

    coop_client_partner_ids = fields.Many2many(
        "res.partner",
        "coop_crm_lead_client_rel",
        "lead_id",
        "partner_id",
        string="Clients",
        domain=[("coop_is_client", "=", True)],
        tracking=True,
        help="The legal entities of the client base this lead belongs to (one or more).",
    )
    coop_client_id = fields.Many2one(
        "res.partner",
        string="Main Client",
        compute="_compute_coop_client_id",
        store=True,
        index=True,
    )
    coop_circle_id = fields.Many2one(
        "coop.circle",
        related="team_id.coop_circle_id",
        store=True,
        index=True,
        string="Producing Circle",
    )
    coop_passport = fields.Html(string="Lead Passport", sanitize=True)
    coop_lost_comment = fields.Text(string="Refusal Comment", tracking=True)
    coop_outcome = fields.Selection(
        [("open", "In Progress"), ("won", "Won"), ("lost", "Lost")],
        string="Outcome",
        compute="_compute_coop_outcome",
        store=True,
        index=True,
    )
    coop_conversion = fields.Float(
        string="Conversion (%)",
        compute="_compute_coop_outcome",
        store=True,
        aggregator="avg",
        help="100 for a won lead, 0 otherwise: its average over closed leads is the conversion rate.",
    )
    coop_sla_deadline = fields.Datetime(
        string="Stage Deadline", compute="_compute_coop_sla_dates", store=True, index=True
    )
    coop_sla_risk_date = fields.Datetime(string="At Risk From", compute="_compute_coop_sla_dates", store=True)
    coop_sla_status = fields.Selection(
        [("none", "No SLA"), ("on_time", "On Time"), ("at_risk", "At Risk"), ("late", "Late")],
        string="SLA Status",
        compute="_compute_coop_sla_status",
        search="_search_coop_sla_status",
    )
    coop_sla_notified_deadline = fields.Datetime(copy=False, readonly=True)
    coop_project_id = fields.Many2one(
        "project.project", string="Project", copy=False, tracking=True, index=True
    )
    coop_booking_ids = fields.One2many("coop.capacity.booking", "lead_id", string="Capacity Bookings")
    coop_booking_count = fields.Integer(compute="_compute_coop_booking_count", string="Bookings Count")

    def _check_access(self, operation):
        # the NDA rule in one query for the whole recordset (see tools/rules_sql.py)
        return check_rules_in_sql(self, operation, lambda records: super(CrmLead, records)._check_access(operation))

    @api.depends("coop_client_partner_ids")
    def _compute_coop_client_id(self):
        for lead in self:
            lead.coop_client_id = lead.coop_client_partner_ids[:1]

    @api.depends("active", "probability", "stage_id.is_won")
    def _compute_coop_outcome(self):
        for lead in self:
            if lead.stage_id.is_won and lead.active:
                lead.coop_outcome = "won"
            elif not lead.active and not lead.probability:
                lead.coop_outcome = "lost"
            else:
                lead.coop_outcome = "open"
            lead.coop_conversion = 100.0 if lead.coop_outcome == "won" else 0.0

    @api.depends(
        "stage_id",
        "team_id",
        "date_last_stage_update",
        "user_id.resource_calendar_id",
        "company_id.resource_calendar_id",
        "team_id.coop_sla_ids.limit_days",
        "team_id.coop_sla_ids.at_risk_percent",
        "team_id.coop_sla_ids.stage_id",
    )
    def _compute_coop_sla_dates(self):
        planned = {}
        for lead in self:
            sla = lead.team_id.coop_sla_ids.filtered(lambda s, lead=lead: s.stage_id == lead.stage_id)[:1]
            start = lead.date_last_stage_update
            if not sla or not start:
                lead.coop_sla_deadline = lead.coop_sla_risk_date = False
                continue
            calendar = lead._coop_sla_calendar()
            limit = sla.limit_days
            risk = sla.limit_days * sla.at_risk_percent / 100.0
            for fname, days in (("coop_sla_deadline", limit), ("coop_sla_risk_date", risk)):
                key = (calendar.id, start, days)
                if key not in planned:
                    planned[key] = self._coop_plan_working_days(calendar, start, days)
                lead[fname] = planned[key]

    def _coop_sla_calendar(self):
        """Working calendar of the stage limits: the responsible's, else the company's."""
        self.ensure_one()
        user = self.user_id.sudo()
        company = self.company_id or user.company_id or self.env.company
        return (
            user.resource_calendar_id
            or company.sudo().resource_calendar_id
            or self.env.company.sudo().resource_calendar_id
        )

    @api.model
    def _coop_recompute_sla_after(self, since=None):
        """Recompute the stage deadlines of open leads ending after ``since`` (all if None)."""
        domain = [("coop_sla_deadline", "!=", False), ("coop_outcome", "=", "open")]
        if since:
            domain.append(("coop_sla_deadline", ">=", since))
        leads = self.sudo().with_context(active_test=False).search(domain)
        if leads:
            self.env.add_to_compute(self._fields["coop_sla_deadline"], leads)
            self.env.add_to_compute(self._fields["coop_sla_risk_date"], leads)
            leads.flush_recordset(["coop_sla_deadline", "coop_sla_risk_date"])

    @api.model
    def _coop_plan_working_days(self, calendar, start, days):
        """End of ``days`` working days of ``calendar`` counted from ``start`` (naive UTC).

        A working day is the calendar's average day (``hours_per_day``); weekends, public holidays and
        other leaves of the whole calendar are skipped. Without a calendar, calendar days are counted.
        """
        if not calendar:
            return start + timedelta(days=days)
        calendar = calendar.sudo()
        hours = days * (calendar.hours_per_day or 8.0)
        end = calendar.plan_hours(hours, start, compute_leaves=True)
        return end or start + timedelta(days=days)

    @api.depends("coop_sla_deadline", "coop_sla_risk_date", "coop_outcome")
    def _compute_coop_sla_status(self):
        now = fields.Datetime.now()
        for lead in self:
            if not lead.coop_sla_deadline or lead.coop_outcome != "open":
                lead.coop_sla_status = "none"
            elif now > lead.coop_sla_deadline:
                lead.coop_sla_status = "late"
            elif now >= lead.coop_sla_risk_date:
                lead.coop_sla_status = "at_risk"
            else:
                lead.coop_sla_status = "on_time"

    def _search_coop_sla_status(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Unsupported search on the SLA status."))
        values = [value] if isinstance(value, str) else list(value or [])
        now = fields.Datetime.now()
        domains = {
            "none": ["|", ("coop_sla_deadline", "=", False), ("coop_outcome", "!=", "open")],
            "late": [("coop_outcome", "=", "open"), ("coop_sla_deadline", "<", now)],
            "at_risk": [
                ("coop_outcome", "=", "open"),
                ("coop_sla_deadline", ">=", now),
                ("coop_sla_risk_date", "<=", now),
            ],
            "on_time": [("coop_outcome", "=", "open"), ("coop_sla_risk_date", ">", now)],
        }

        domain = expression.OR([domains[v] for v in values if v in domains]) or expression.FALSE_DOMAIN
        if operator in ("!=", "not in"):
            domain = ["!", *domain]
        return domain

    def _compute_coop_booking_count(self):
        data = self.env["coop.capacity.booking"]._read_group(
            [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]
        )
        counts = {lead.id: count for lead, count in data}
        for lead in self:
            lead.coop_booking_count = counts.get(lead.id, 0)

    # ------------------------------------------------------------------ create / write
    def _coop_check_chosen_records(self, vals, current_clients=None):
        """What the user links to a lead (clients, contact, direction) feeds the NDA rules and data
        copied as superuser: it must be readable by him first."""
        if self.env.su:
            return
        check_no_server_fields(self, vals, SERVER_FIELDS)
        if vals.get("coop_client_partner_ids"):
            added = relation_ids(vals["coop_client_partner_ids"]) - set(current_clients or ())
            check_readable(
                self.env["res.partner"].browse(added),
                self.env._(
                    "You can only add clients whose card you may open. Ask a coordinator to add this "
                    "client to the lead."
                ),
            )
        many2ones = (
            ("partner_id", self.env._("You can only link a contact whose card you may open.")),
            ("team_id", self.env._("You can only choose a direction you are allowed to see.")),
            ("coop_project_id", self.env._("You can only link a project you are allowed to see.")),
        )
        for fname, message in many2ones:
            if vals.get(fname):
                check_readable(self.env[self._fields[fname].comodel_name].browse(vals[fname]), message)

    @api.model_create_multi
    def create(self, vals_list):
        Team = self.env["crm.team"]
        Partner = self.env["res.partner"]
        checked = ("coop_client_partner_ids", "partner_id", "team_id", "coop_project_id")
        for vals in vals_list:
            # Values coming from the context's defaults are the user's choice too.
            defaults = {
                fname: self._context["default_" + fname]
                for fname in checked
                if fname not in vals and self._context.get("default_" + fname)
            }
            self._coop_check_chosen_records(dict(defaults, **vals))
            team = Team.browse(vals.get("team_id") or self._context.get("default_team_id") or [])
            if team.coop_passport_template and is_html_empty(vals.get("coop_passport")):
                vals["coop_passport"] = team.coop_passport_template
            if not vals.get("coop_client_partner_ids") and vals.get("partner_id"):
                head = Partner.browse(vals["partner_id"]).commercial_partner_id
                if head.coop_is_client:
                    vals["coop_client_partner_ids"] = [(6, 0, head.ids)]
                    self._coop_check_chosen_records({"coop_client_partner_ids": vals["coop_client_partner_ids"]})
        leads = super().create(vals_list)
        leads._coop_check_clients()
        return leads

    def write(self, vals):
        circles_before = None
        if not self.env.su:
            # A new responsible may move the lead to his direction (stock recompute of the team).
            if "user_id" in vals:
                circles_before = {lead.id: lead.coop_circle_id for lead in self.sudo()}
                clients = self.sudo().coop_client_partner_ids.with_env(self.env)
                hidden_clients = clients - clients._filtered_access("read")
            current = None
            if vals.get("coop_client_partner_ids"):
                # Clients already on every lead written are not "added" (the form sends the whole list).
                leads = self.sudo().with_context(active_test=False)
                current = (
                    set.intersection(*(set(lead.coop_client_partner_ids.ids) for lead in leads))
                    if leads
                    else set()
                )
            check_vals = dict(vals)
            for fname in ("partner_id", "team_id", "coop_project_id"):
                # Keeping the value the lead already has is no new choice.
                if vals.get(fname) and all(lead[fname].id == vals[fname] for lead in self.sudo()):
                    check_vals.pop(fname)
            self._coop_check_chosen_records(check_vals, current)
            if check_vals.get("team_id"):
                # Moving a lead to another direction opens its clients to that circle: only for those
                # who may open them already (e.g. not for a responsible outside the lead's circle).
                check_readable(
                    self.sudo().coop_client_partner_ids.with_env(self.env),
                    self.env._("You can only move a lead to another direction if you may open its clients."),
                )
        res = super().write(vals)
        if circles_before and hidden_clients:
            moved = self.sudo().filtered(lambda lead: lead.coop_circle_id != circles_before[lead.id])
            if moved.coop_client_partner_ids & hidden_clients:
                raise AccessError(
                    self.env._("You can only move a lead to another direction if you may open its clients.")
                )
        if "coop_client_partner_ids" in vals or "team_id" in vals:
            self._coop_check_clients()
        return res

    def _coop_check_clients(self):
        for lead in self:
            if lead.coop_circle_id and not lead.coop_client_partner_ids:
                raise ValidationError(
                    self.env._(
                        "The lead “%s” needs at least one client: pick the legal entity from the client base "
                        "(create its head card first if needed).",
                        lead.name,
                    )
                )

    @api.onchange("team_id")
    def _onchange_coop_team_passport(self):
        if self.team_id.coop_passport_template and is_html_empty(self.coop_passport):
            self.coop_passport = self.team_id.coop_passport_template

    @api.onchange("coop_client_partner_ids")
    def _onchange_coop_client_partner(self):
        if self.coop_client_partner_ids and not self.partner_id:
            self.partner_id = self.coop_client_partner_ids[:1]

    # ------------------------------------------------------------------ lost / won
    def action_set_lost(self, **additional_values):
        self.check_access("write")
        reason_id = additional_values.get("lost_reason_id")
        comment = additional_values.get("coop_lost_comment")
        for lead in self.filtered("coop_circle_id"):
            if not (reason_id or lead.lost_reason_id):
                raise UserError(self.env._("Say why the lead “%s” is lost: choose a refusal reason.", lead.name))
            if not (comment or lead.coop_lost_comment or "").strip():
                raise UserError(self.env._("Add a comment explaining the refusal of the lead “%s”.", lead.name))
        res = super().action_set_lost(**additional_values)
        # the lead's bookings end with it: whoever may lose the lead frees the time it held
        # (changing bookings otherwise is the coordinators')
        self.check_access("write")
        self.sudo().coop_booking_ids.filtered(lambda b: b.state != "cancelled").write({"state": "cancelled"})
        return res

    def action_coop_create_project(self):
        self.ensure_one()
        self.check_access("write")
        self.env["coop.crm.project.create"].check_access("create")
        if self.coop_outcome != "won":
            raise UserError(self.env._("Only a won lead (contract signed) becomes a project."))
        if self.coop_project_id:
            raise UserError(self.env._("The lead “%s” already has a project.", self.name))
        return self.env["coop.crm.project.create"]._get_records_action(
            name=self.env._("Create Project"), target="new", context={"default_lead_id": self.id}
        )

    def action_coop_open_project(self):
        self.ensure_one()
        self.check_access("read")
        return self.coop_project_id._get_records_action()

    def action_coop_open_bookings(self):
        return related_action(self, "coop_crm.action_coop_capacity_booking", "lead_id")

    def _compute_show_enrich_button(self):
        # no "Enrich" button while the online service is off: it could only answer with an error
        res = super()._compute_show_enrich_button()
        if not iap_enabled(self.env, PARAM_LEAD_ENRICH):
            self.show_enrich_button = False
        return res

    @api.model
    def _coop_iap_enrich_off(self):
        """Odoo's lead enrichment: no automatic run (on demand only, and only once an administrator
        allows the service in Settings)."""
        self.env["ir.config_parameter"].sudo().set_param("crm.iap.lead.enrich.setting", "manual")
        cron = self.env.ref("crm_iap_enrich.ir_cron_lead_enrichment", raise_if_not_found=False)
        if cron and cron.active:
            cron.sudo().active = False

    # ------------------------------------------------------------------ SLA cron
    @api.model
    @in_job_lang
    def _cron_coop_sla_late(self):
        """Give the responsible of every late lead one activity per stage deadline missed."""
        activity_type = self.env.ref("coop_crm.mail_activity_type_sla_late", raise_if_not_found=False)
        leads = self.search([("coop_sla_status", "=", "late")])
        for lead in leads:
            if lead.coop_sla_notified_deadline == lead.coop_sla_deadline:
                continue
            user = lead.user_id or lead.team_id.user_id or lead.coop_circle_id.coordinator_id
            if user:
                lead.activity_schedule(
                    activity_type_id=activity_type.id if activity_type else False,
                    summary=self.env._("Stage deadline missed: %s", lead.stage_id.name),
                    note=self.env._(
                        "The lead stays in the stage “%(stage)s” past its deadline %(deadline)s.",
                        stage=lead.stage_id.name,
                        deadline=format_datetime(
                            lead.env, lead.coop_sla_deadline, tz=user.tz, dt_format="short"
                        ),
                    ),
                    user_id=user.id,
                )
            lead.coop_sla_notified_deadline = lead.coop_sla_deadline
        return True
