from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.coop_base.tools import param_int

DEFAULT_MAX_FAILURES = 5
DEFAULT_WINDOW_MINUTES = 60


class CoopTelegramLinkAttempt(models.Model):
    """A wrong link code sent from a Telegram chat.

    Kept in the database so that the limit on wrong codes holds whatever
    happens to the bridge process."""

    _name = "coop.telegram.link.attempt"
    _description = "Failed Telegram link attempt"
    _order = "create_date desc, id desc"
    _rec_name = "chat_id"

    chat_id = fields.Char(string="Telegram chat", required=True, index=True, readonly=True)

    @api.model
    def _limits(self):
        return (
            param_int(self.env, "coop_servicedesk.telegram_link_max_failures", DEFAULT_MAX_FAILURES, minimum=1),
            param_int(self.env, "coop_servicedesk.telegram_link_window_minutes", DEFAULT_WINDOW_MINUTES, minimum=1),
        )

    @api.model
    def _is_blocked(self, chat_id):
        """Minutes the chat must still wait before trying a code again (0: may try)."""
        max_failures, window = self._limits()
        since = fields.Datetime.now() - timedelta(minutes=window)
        failures = self.sudo().search(
            [("chat_id", "=", chat_id), ("create_date", ">=", since)], order="create_date desc, id desc"
        )
        if len(failures) < max_failures:
            return 0
        # the chat may try again once the oldest counted failure leaves the window
        oldest = failures[max_failures - 1].create_date
        wait = oldest + timedelta(minutes=window) - fields.Datetime.now()
        return max(int(wait.total_seconds() // 60) + 1, 1)

    @api.model
    def _record_failure(self, chat_id):
        self.sudo().create({"chat_id": chat_id})

    @api.model
    def _clear(self, chat_id):
        self.sudo().search([("chat_id", "=", chat_id)]).unlink()

    @api.autovacuum
    def _gc_old_attempts(self):
        self.sudo().search([("create_date", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()
