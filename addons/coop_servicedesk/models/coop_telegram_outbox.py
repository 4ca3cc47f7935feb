from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.coop_base.tools import capped_backoff, param_int

DEFAULT_MAX_ATTEMPTS = 5
BACKOFF_BASE_SECONDS = 30
# the advisory lock space of the outbox's per-chat claims (the second key is the chat's hash)
CLAIM_LOCK = 7_261_001


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
        [
            ("notification", "Requester notification"),
            ("team_chat", "Team chat post"),
            ("rating", "Rating request"),
            ("staff", "Staff notification"),
        ],
        default="notification",
        required=True,
    )
    tg_message_id = fields.Char(
        string="Telegram message",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The id Telegram gave the delivered message: a reply to it lands in its ticket.",
    )
    rating_token = fields.Char(
        copy=False,
        readonly=True,
        help="Rating request: the token of the rating the requester gives with one tap.",
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
    def _claim(self, worker, limit, lease_seconds, per_chat=None):
        """Hand ``worker`` the oldest messages of chats no other worker holds, in order.

        Several bridge processes may drain the outbox; each chat's messages must still reach
        Telegram in the order they were queued. So a worker claims whole chats: a chat with a
        message under a live claim (``sending`` before its lease ends) is left to its holder,
        and a chat whose oldest message waits for a retry (``next_try`` ahead) waits with it.
        Of each free chat the worker takes its oldest messages (at most ``per_chat``), the
        oldest chats first, ``limit`` messages in all. Two claims at the same moment never
        take the same chat: each takes an advisory lock per chat (``pg_try_advisory_xact_lock``)
        and skips the chats another claim holds, and the rows themselves are locked with
        ``FOR UPDATE SKIP LOCKED`` (a chat with a row locked elsewhere is skipped whole).
        """
        now = fields.Datetime.now()
        per_chat = max(1, min(int(per_chat or limit), limit))
        self.flush_model()
        cr = self.env.cr
        cr.execute(
            """
            WITH unsent AS (
                SELECT id, chat_id,
                       bool_or(state = 'sending' AND lease_until >= %(now)s) OVER per_chat AS held,
                       bool_or(next_try IS NOT NULL AND next_try > %(now)s) OVER in_order AS waits,
                       row_number() OVER in_order AS n
                  FROM coop_telegram_outbox
                 WHERE state IN ('pending', 'sending')
                WINDOW per_chat AS (PARTITION BY chat_id),
                       in_order AS (PARTITION BY chat_id ORDER BY id)
            )
            SELECT chat_id, array_agg(id ORDER BY id)
              FROM unsent
             WHERE NOT held AND NOT waits AND n <= %(per_chat)s
             GROUP BY chat_id
             ORDER BY min(id)
             LIMIT %(limit)s
            """,
            {"now": now, "per_chat": per_chat, "limit": limit},
        )
        chats = cr.fetchall()
        if not chats:
            return []
        cr.execute(
            "SELECT c FROM unnest(%s::varchar[]) AS c WHERE pg_try_advisory_xact_lock(%s, hashtext(c))",
            [[chat for chat, _ids in chats], CLAIM_LOCK],
        )
        mine = {row[0] for row in cr.fetchall()}
        wanted = [i for chat, ids in chats if chat in mine for i in ids]
        if not wanted:
            return []
        cr.execute(
            "SELECT id FROM coop_telegram_outbox WHERE id = ANY(%s) FOR UPDATE SKIP LOCKED",
            [wanted],
        )
        locked = {row[0] for row in cr.fetchall()}
        take = []
        for chat, ids in chats:
            if chat not in mine or not locked.issuperset(ids):
                continue
            take += ids[: limit - len(take)]  # a chat's oldest first: its order is kept
            if len(take) >= limit:
                break
        if not take:
            return []
        cr.execute(
            """
            UPDATE coop_telegram_outbox
               SET state = 'sending', claimed_by = %(worker)s,
                   lease_until = %(lease)s, write_date = %(now)s
             WHERE id = ANY(%(ids)s)
            RETURNING id, chat_id, text, attempts
            """,
            {"worker": worker, "lease": now + timedelta(seconds=lease_seconds), "now": now, "ids": take},
        )
        rows = cr.fetchall()
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
                        # kept across restarts: Telegram's reply-to finds the ticket by it
                        "tg_message_id": str(res["message_id"])[:32] if res.get("message_id") else False,
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
