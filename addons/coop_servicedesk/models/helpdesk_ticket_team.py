from odoo import fields, models


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
    client_partner_ids = fields.Many2many(
        "res.partner",
        "coop_servicedesk_team_client_rel",
        "team_id",
        "partner_id",
        string="Clients",
        domain=[("is_company", "=", True)],
        help="Client companies this team serves.",
    )
    telegram_chat_id = fields.Char(
        string="Team Telegram chat",
        help="Group chat where new tickets of the team are posted.",
    )
    template_ids = fields.One2many("coop.servicedesk.template", "team_id", string="Request templates")

    def _coop_open_to_partner(self, partner):
        """Teams a partner may file requests with (portal, bot)."""
        if not partner:
            return self.browse()
        is_staff = any(u._is_internal() for u in partner.sudo().user_ids)
        commercial = partner.commercial_partner_id
        return self.filtered(
            lambda t: t.active
            and (
                (t.coop_audience == "internal" and is_staff)
                or (t.coop_audience == "client" and commercial in t.client_partner_ids)
            )
        )
