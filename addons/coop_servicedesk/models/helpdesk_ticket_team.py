from odoo import api, fields, models


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    coop_audience = fields.Selection(
        [("internal", "Back office (internal requests)"), ("client", "Client service")],
        string="Serves",
        default="internal",
        required=True,
        help="Back-office teams take requests from the cooperative's members; "
        "client-service teams take requests from the listed client companies.",
    )
    coop_circle_id = fields.Many2one(
        "coop.circle",
        string="Circle",
        index=True,
        help="The circle doing this function; its role holders work the tickets.",
    )
    coop_client_partner_ids = fields.Many2many(
        "res.partner",
        "coop_servicedesk_team_client_rel",
        "team_id",
        "partner_id",
        string="Clients",
        domain=[("is_company", "=", True)],
        groups="base.group_user",
        help="Client companies this team serves.",
    )
    coop_is_triage = fields.Boolean(
        string="Triage team",
        help="Mail from unknown senders to any team alias lands here.",
    )
    coop_telegram_chat_id = fields.Char(
        string="Team Telegram chat",
        groups="base.group_user",
        help="Group chat where new tickets of the team are posted.",
    )
    coop_template_ids = fields.One2many("coop.servicedesk.template", "team_id", string="Request templates")
    coop_assign_method = fields.Selection(
        [
            ("manual", "Manual"),
            ("fixed", "Fixed responsible per category"),
            ("round_robin", "Round-robin"),
            ("least_loaded", "Least loaded"),
        ],
        string="Assignment",
        default="manual",
        required=True,
        help="Round-robin and least loaded choose among the holders of the circle's "
        "roles (or the team members when no circle is set).",
    )
    coop_assign_rule_ids = fields.One2many(
        "coop.servicedesk.assign.rule", "team_id", string="Assignment rules", groups="base.group_user"
    )
    coop_last_assigned_id = fields.Many2one(
        "res.users", string="Last assigned", readonly=True, copy=False, groups="base.group_user"
    )

    # helpdesk_mgmt's ticket rules read the user's teams from a Python list
    # (``user.helpdesk_team_ids.ids``), cached with the rule domains: every change of
    # a team's people clears that cache, so a person leaving a team loses its tickets at once.
    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        if any(vals.get("user_ids") for vals in vals_list):
            self.env.registry.clear_cache()
        return teams

    def write(self, vals):
        res = super().write(vals)
        if "user_ids" in vals or "active" in vals:
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    def _coop_open_to_partner(self, partner):
        """Teams a partner may file requests with (portal, bot)."""
        if not partner:
            return self.browse()
        is_staff = any(u._is_internal() for u in partner.sudo().user_ids)
        commercial = partner.commercial_partner_id
        return self.filtered(
            lambda t: t.active
            and not t.coop_is_triage
            and (
                (t.coop_audience == "internal" and is_staff)
                or (t.coop_audience == "client" and commercial in t.coop_client_partner_ids)
            )
        )

    def _coop_assign_pool(self):
        """Holders of the circle's working roles (not its coordinator or team lead
        as such); the whole circle when nobody holds one; the team members when the
        team has no circle."""
        self.ensure_one()
        if self.coop_circle_id:
            assignments = (
                self.env["coop.role.assignment"]
                .sudo()
                .search([("circle_id", "=", self.coop_circle_id.id), ("is_current", "=", True)])
            )
            users = assignments.filtered(lambda a: not a.role_id.structural_type).user_id
            users = users or self.coop_circle_id.sudo().member_ids
        else:
            users = self.user_ids
        return users.filtered(lambda u: u.active and not u.share).sorted("id")

    def _coop_pick_user(self, ticket):
        """The responsible a new ticket goes to, or an empty recordset."""
        self.ensure_one()
        method = self.coop_assign_method
        if method == "fixed":
            for rule in self.coop_assign_rule_ids:
                if not rule.category_id or rule.category_id == ticket.category_id:
                    return rule.user_id
            return self.env["res.users"]
        pool = self._coop_assign_pool()
        if not pool or method == "manual":
            return self.env["res.users"]
        if method == "round_robin":
            last = self.coop_last_assigned_id
            after = pool.filtered(lambda u: u.id > last.id) if last else pool
            return (after or pool)[:1]
        # least loaded: fewest open tickets in this team, ties by id
        data = self.env["helpdesk.ticket"]._read_group(
            [
                ("team_id", "=", self.id),
                ("closed", "=", False),
                ("user_id", "in", pool.ids),
                ("id", "!=", ticket.id),
            ],
            ["user_id"],
            ["__count"],
        )
        load = {user.id: count for user, count in data}
        return min(pool, key=lambda u: (load.get(u.id, 0), u.id))

    @api.model
    def _coop_triage_team(self, company):
        return self.search(
            [("coop_is_triage", "=", True), ("company_id", "in", [company.id, False])],
            limit=1,
        )
