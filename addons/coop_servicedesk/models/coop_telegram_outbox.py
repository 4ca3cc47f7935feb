from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.coop_base.tools import capped_backoff, param_int

DEFAULT_MAX_ATTEMPTS = 5
BACKOFF_BASE_SECONDS = 30


class CoopTelegramOutbox(models.Model):
    """Messages waiting for the Telegram bridge to deliver them."""

    _name = "coop.telegram.outbox"
    _description = "Telegram outbox message"
    _order = "id desc"
    _rec_name = "chat_id"

    chat_id = fields.Char(string="Telegram chat", required=True, index=True)
    text = fields.Text(required=True)
    ticket_id = fields.Many2one("helpdesk.ticket", ondelete="set null", index=True)
    partner_id = fields.Many2one("res.partner", string="Recipient", ondelete="set null")
    kind = fields.Selection(
        [("notification", "Requester notification"), ("team_chat", "Team chat post")],
        default="notification",
        required=True,
    )
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("sending", "Sending"),
            ("sent", "Sent"),
            ("failed", "Failed"),
        ],
        default="pending",
        required=True,
        index=True,
    )
    attempts = fields.Integer(default=0, readonly=True)
    next_try = fields.Datetime(default=fields.Datetime.now, index=True)
    last_error = fields.Text(readonly=True)
    claimed_by = fields.Char(readonly=True)
    lease_until = fields.Datetime(readonly=True)
    sent_at = fields.Datetime(readonly=True)

    @api.model
    def _max_attempts(self):
        return param_int(self.env, "coop_servicedesk.outbox_max_attempts", DEFAULT_MAX_ATTEMPTS, minimum=1)

    @api.model
    def _backoff_seconds(self, attempts):
        return capped_backoff(attempts, BACKOFF_BASE_SECONDS)

    def action_retry(self):
        self.filtered(lambda m: m.state == "failed").write(
            {"state": "pending", "next_try": fields.Datetime.now(), "attempts": 0}
        )
        return True

    @api.model
    def _claim(self, worker, limit, lease_seconds):
        now = fields.Datetime.now()
        self.flush_model()
        self.env.cr.execute(
            """
            UPDATE coop_telegram_outbox o
               SET state = 'sending', claimed_by = %(worker)s,
                   lease_until = %(lease)s, write_date = %(now)s
             WHERE o.id IN (
                   SELECT id FROM coop_telegram_outbox
                    WHERE (state = 'pending'
                           OR (state = 'sending' AND lease_until < %(now)s))
                      AND (next_try IS NULL OR next_try <= %(now)s)
                    ORDER BY next_try NULLS FIRST, id
                    LIMIT %(limit)s
                    FOR UPDATE SKIP LOCKED)
            RETURNING o.id, o.chat_id, o.text, o.attempts
            """,
            {
                "worker": worker,
                "lease": now + timedelta(seconds=lease_seconds),
                "now": now,
                "limit": limit,
            },
        )
        rows = self.env.cr.fetchall()
        self.invalidate_model()
        return [{"id": r[0], "chat_id": r[1], "text": r[2], "attempts": r[3]} for r in sorted(rows)]

    @api.model
    def _ack(self, results):
        updated = 0
        now = fields.Datetime.now()
        max_attempts = self._max_attempts()
        for res in results:
            msg = self.browse(res["id"]).exists()
            if not msg or msg.state in ("sent", "failed"):
                continue
            self.env.cr.execute("SELECT id FROM coop_telegram_outbox WHERE id = %s FOR UPDATE", [msg.id])
            if res.get("ok"):
                msg.write(
                    {
                        "state": "sent",
                        "sent_at": now,
                        "last_error": False,
                        "lease_until": False,
                    }
                )
            else:
                attempts = msg.attempts + 1
                vals = {
                    "attempts": attempts,
                    "last_error": res.get("error") or False,
                    "lease_until": False,
                }
                if res.get("permanent") or attempts >= max_attempts:
                    vals["state"] = "failed"
                else:
                    delay = res.get("retry_after") or self._backoff_seconds(attempts)
                    vals.update(state="pending", next_try=now + timedelta(seconds=int(delay)))
                msg.write(vals)
            updated += 1
        return updated
