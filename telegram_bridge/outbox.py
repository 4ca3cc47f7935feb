"""Outbox worker: claim pending messages in Odoo, send them to Telegram, acknowledge.

Delivery rules:
- a message Telegram accepted is written to the local journal before it is acknowledged, so a
  restart (or an ack lost while Odoo was down) re-acknowledges it and never sends it again;
- 429 answers are honoured (retry_after): short waits are slept in place, longer ones go back
  to Odoo as the next try time;
- when Telegram cannot be reached (connection errors, timeouts) nothing is acknowledged and no
  attempt is spent: the claimed messages stay with their lease, come back when it expires, and
  the worker pauses with a growing backoff; messages wait as long as the outage lasts;
- a 5xx answer sends the message back with a backoff (one attempt spent) and stops the batch;
  the messages of the batch not yet tried come back when their lease expires;
- a chat that blocked the bot or does not exist fails permanently;
- while Odoo is down the worker keeps retrying with a growing pause; nothing is lost, since
  the messages stay in Odoo.
"""

import asyncio
import json
import logging
import os
import time

import httpx
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)

from .odoo_client import OdooError, OdooUnavailable
from .redaction import redact

_logger = logging.getLogger(__name__)

INLINE_RETRY_AFTER = 30  # seconds a 429 may be waited out without giving the message back


def _retry_after_seconds(exc):
    value = exc.retry_after
    if hasattr(value, "total_seconds"):
        value = value.total_seconds()
    return max(1, int(round(float(value))))


class OutboxWorker:
    def __init__(
        self,
        bot,
        odoo,
        journal,
        name,
        batch=50,
        lease=60,
        poll_interval=2.0,
        max_backoff=60.0,
        retry_delay=0,
        heartbeat_path=None,
    ):
        self.bot = bot
        self.odoo = odoo
        self.journal = journal
        self.name = name
        self.batch = batch
        self.lease = lease
        self.poll_interval = poll_interval
        self.max_backoff = max_backoff
        self.retry_delay = int(retry_delay) or False
        self._stop = asyncio.Event()
        self._wake = asyncio.Event()
        self._pause = 0.0
        self.sent = 0
        self.telegram_down = False
        self.heartbeat_path = heartbeat_path
        self.odoo_ok = False

    def stop(self):
        self._stop.set()
        self._wake.set()

    def wake(self):
        """Look at the outbox now (e.g. right after a ticket was created)."""
        self._wake.set()

    async def _sleep(self, seconds):
        self._wake.clear()
        try:
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
        except asyncio.TimeoutError:
            pass

    def _backoff(self):
        self._pause = min(self.max_backoff, max(self.poll_interval, self._pause * 2 or self.poll_interval))
        return self._pause

    async def run(self):
        _logger.info("outbox worker %s started", self.name)
        try:
            pruned = self.journal.prune()
            if pruned:
                _logger.info("outbox: forgot %d acknowledged journal entries older than 30 days", pruned)
        except Exception:
            _logger.exception("outbox: could not prune the delivery journal")
        while not self._stop.is_set():
            self._beat()
            try:
                busy = await self.run_once()
                self.odoo_ok = True
            except OdooUnavailable as exc:
                self.odoo_ok = False
                pause = self._backoff()
                _logger.warning("outbox: %s; next try in %.1fs", exc, pause)
                await self._sleep(pause)
                continue
            except OdooError as exc:
                pause = self._backoff()
                _logger.error("outbox: Odoo refused: %s; next try in %.1fs", exc, pause)
                await self._sleep(pause)
                continue
            except asyncio.CancelledError:
                raise
            except Exception:
                pause = self._backoff()
                _logger.exception("outbox: unexpected error; next try in %.1fs", pause)
                await self._sleep(pause)
                continue
            if self.telegram_down:
                self.telegram_down = False
                await self._sleep(self._backoff())
                continue
            self._pause = 0.0
            if not busy:
                await self._sleep(self.poll_interval)
        _logger.info("outbox worker %s stopped", self.name)

    def _beat(self):
        """Write the heartbeat file ``python -m telegram_bridge --healthcheck`` reads."""
        if not self.heartbeat_path:
            return
        try:
            tmp = self.heartbeat_path + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(
                    {"time": time.time(), "worker": self.name, "odoo_ok": self.odoo_ok, "sent": self.sent}, f
                )
            os.replace(tmp, self.heartbeat_path)
        except OSError as exc:
            _logger.warning("outbox: cannot write the heartbeat file: %s", exc)

    async def flush_journal(self):
        """Acknowledge messages delivered earlier whose acknowledgement did not reach Odoo."""
        pending = self.journal.unacked()
        if not pending:
            return 0
        await self.odoo.call("outbox_ack", [_ok(i) for i in pending])
        self.journal.mark_acked(pending)
        _logger.info("outbox: re-acknowledged %d message(s) delivered before", len(pending))
        return len(pending)

    async def run_once(self):
        """One claim/send/ack round; returns True when there was something to do."""
        await self.flush_journal()
        claimed = await self.odoo.call("outbox_claim", self.name, limit=self.batch, lease_seconds=self.lease)
        if not claimed:
            return False
        results = []
        for message in claimed:
            result = await self._deliver(message)
            if result is None:  # Telegram is unavailable: leave the rest to their lease
                break
            results.append(result)
            if result.get("stop"):
                break
        for result in results:
            result.pop("stop", None)
        if results:
            await self.odoo.call("outbox_ack", results)
            self.journal.mark_acked([r["id"] for r in results if r["ok"]])
        return True

    async def _deliver(self, message):
        outbox_id = message["id"]
        if self.journal.is_delivered(outbox_id):
            return _ok(outbox_id)
        chat_id = message["chat_id"]
        text = message["text"] or ""
        for _round in range(3):
            try:
                sent = await self.bot.send_message(chat_id=chat_id, text=text)
            except RetryAfter as exc:
                wait = _retry_after_seconds(exc)
                if wait <= INLINE_RETRY_AFTER:
                    _logger.warning("outbox: Telegram asks to wait %ss (message %s)", wait, outbox_id)
                    await asyncio.sleep(wait)
                    continue
                return _fail(outbox_id, "Telegram flood control", retry_after=wait, stop=True)
            except ChatMigrated as exc:
                _logger.warning(
                    "outbox: chat %s became supergroup %s; update the team's Telegram chat in Odoo",
                    chat_id,
                    exc.new_chat_id,
                )
                chat_id = exc.new_chat_id
                continue
            except Forbidden as exc:
                return _fail(outbox_id, redact(f"Forbidden: {exc}"), permanent=True)
            except InvalidToken as exc:
                raise OdooError("TelegramInvalidToken", redact(str(exc))) from None
            except BadRequest as exc:
                return _fail(outbox_id, redact(f"BadRequest: {exc}"), permanent=True)
            except (TimedOut, NetworkError) as exc:
                if isinstance(exc, TimedOut) or isinstance(exc.__cause__, httpx.TransportError):
                    # Telegram is unreachable: nothing is acknowledged, no attempt is spent; the
                    # claimed messages come back when their lease expires, the worker pauses.
                    self.telegram_down = True
                    _logger.warning("outbox: Telegram unreachable (%s); waiting", type(exc).__name__)
                    return None
                # Telegram answered 5xx: this message goes back (one attempt spent) after the
                # configured delay, or Odoo's own growing backoff when none is configured.
                _logger.warning("outbox: Telegram error for message %s: %s", outbox_id, redact(str(exc)))
                return _fail(
                    outbox_id, redact(f"NetworkError: {exc}"), retry_after=self.retry_delay, stop=True
                )
            self.journal.record(outbox_id, chat_id, getattr(sent, "message_id", None))
            self.sent += 1
            return _ok(outbox_id)
        return _fail(outbox_id, "Telegram flood control", retry_after=INLINE_RETRY_AFTER, stop=True)


def _ok(outbox_id):
    return {"id": outbox_id, "ok": True, "error": False, "retry_after": False, "permanent": False}


def _fail(outbox_id, error, retry_after=False, permanent=False, stop=False):
    result = {
        "id": outbox_id,
        "ok": False,
        "error": error[:500],
        "retry_after": retry_after or False,
        "permanent": permanent,
    }
    if stop:
        result["stop"] = True
    return result
