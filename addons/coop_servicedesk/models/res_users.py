from odoo import fields, models
from odoo.exceptions import AccessError

TELEGRAM_PREFS = [
    "coop_telegram_notify_assigned",
    "coop_telegram_notify_client_reply",
    "coop_telegram_notify_sla_risk",
]


class ResUsers(models.Model):
    _inherit = "res.users"

    coop_telegram_notify_assigned = fields.Boolean(
        string="Telegram: a ticket is assigned to me",
        default=True,
        help="With a linked Telegram chat: you are told there when a ticket is assigned to you.",
    )
    coop_telegram_notify_client_reply = fields.Boolean(
        string="Telegram: the requester replied on my ticket",
        default=True,
        help="With a linked Telegram chat: you get there what the requester of your ticket wrote.",
    )
    coop_telegram_notify_sla_risk = fields.Boolean(
        string="Telegram: the SLA of my ticket is at risk",
        default=True,
        help="With a linked Telegram chat: you are told there, once per ticket, when its SLA deadline is near.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + TELEGRAM_PREFS

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + TELEGRAM_PREFS

    def _rpc_api_keys_only(self):
        """The bridge's technical user reaches the external API with its API key only: a
        password set on it is refused, and its every call skips a password check."""
        bridge_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "coop_servicedesk.user_telegram_bridge", raise_if_not_found=False
        )
        return super()._rpc_api_keys_only() or (bool(bridge_id) and self.id == bridge_id)

    def write(self, vals):
        res = super().write(vals)
        if "helpdesk_team_ids" in vals:
            # helpdesk_mgmt's ticket rules are cached with the user's teams
            self.env.registry.clear_cache()
        return res

    def action_coop_telegram_code(self):
        """From his preferences a person links his own Telegram: a one-time code by e-mail."""
        self.ensure_one()
        if self != self.env.user and not self.env.su:
            raise AccessError(self.env._("You may link your own Telegram only."))
        return self.partner_id.action_issue_telegram_code()
