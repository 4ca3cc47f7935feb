"""Outbox worker: claim pending messages in Odoo, send them to Telegram within its limits, acknowledge.

Delivery rules:
- up to ``concurrency`` messages are in flight to Telegram at a time, to different chats (one
  chat's messages one after the other, in their order); a message Telegram accepted is written
  to the journal at once and acknowledged to Odoo while the next ones go out (one ack call in flight,
  what arrives meanwhile goes in the next); a restart (or an ack lost while Odoo was down)
  re-acknowledges journaled messages and never sends them again;
- Telegram's limits are kept proactively (:class:`~telegram_bridge.ratelimit.TelegramLimits`:
  the bot overall, each private chat, each group chat); a chat that must wait does not hold up
  the others; the messages of one chat go out in the order they were queued;
- a 429 that still comes blocks that chat for ``retry_after``; the message stays queued (no
  attempt spent) and goes when the chat may be sent to again;
- a message is never sent after its claim's lease may have run out (another worker may hold it
  by then); what cannot be sent in time is left to the lease and claimed again, no attempt
  spent, and no later message of its chat is sent before it;
- when Telegram cannot be reached (connection errors, timeouts) nothing is acknowledged and no
  attempt is spent: the claimed messages come back when their lease expires, and the worker
  pauses with a growing backoff; messages wait as long as the outage lasts;
- a 5xx answer sends the message back with a backoff (one attempt spent) and stops the batch;
- a chat that blocked the bot or does not exist fails permanently;
- while Odoo is down the worker keeps retrying with a growing pause; nothing is lost, since
  the messages stay in Odoo.

Several workers (bridge processes) may drain one outbox: Odoo hands each message to one claim
(``FOR UPDATE SKIP LOCKED`` and a lease), and each chat to one worker at a time: a worker
claims the oldest messages of chats no other worker holds (a chat with a message under a live
claim is left to its holder, an advisory lock per chat keeps two claims at the same moment
apart), so that each chat's messages reach Telegram in the order they were queued with any
number of workers. A chat whose worker was killed waits for that claim's lease to end. If a worker is killed (SIGKILL, power loss) while a
``sendMessage`` is on its way, Telegram may have delivered that one message without the worker
knowing; it is claimed again after its lease and delivered a second time. Telegram has no
idempotency key, so the messages in flight (``OUTBOX_CONCURRENCY``, 1 for exactly one) per
killed worker are the bound, provided the
workers share the state directory (one host, one volume): a message journaled but not yet
acknowledged by the killed worker is then acknowledged by the next worker that claims it,
without sending. Workers with separate state directories may in addition repeat the messages
of the one ack call that was in flight (at most what the bot sends in one Odoo round trip).
The claimed messages not yet sent are delivered once by whichever worker claims them next. A
graceful stop (SIGTERM) finishes the message in flight, waits for its acks and duplicates
nothing.
"""

import asyncio
import json
import logging
import os
import time

import httpx
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)

from . import texts
from .backoff import Backoff
from .odoo_client import OdooError, OdooUnavailable
from .ratelimit import CHAT_BURST, OUTBOX, TelegramLimits, retry_after_seconds
from .redaction import redact

_logger = logging.getLogger(__name__)


RATING_KIND = "rating"
CALLBACK_DATA_MAX = 64  # bytes, Telegram's limit


class TelegramRefused(Exception):
    """Telegram refused the bot's token: nothing can be sent until the setting is fixed."""


class OutboxWorker:
    def __init__(
        self,
        bot,
        odoo,
        journal,
        name,
        limits=None,
        batch=50,
        lease=60,
        concurrency=4,
        poll_interval=2.0,
        max_backoff=60.0,
        retry_delay=0,
        heartbeat_path=None,
    ):
        self.bot = bot
        self.odoo = odoo
        self.journal = journal
        self.name = name
        self.limits = limits or TelegramLimits()
        self.batch = batch
        self.lease = lease
        self.concurrency = max(1, int(concurrency))
        # a message is not sent later than this before its lease ends (clock drift, slow answers)
        self.lease_margin = min(5.0, lease * 0.25)
        self.poll_interval = poll_interval
        self.retry_delay = int(retry_delay) or False
        self.backoff = Backoff(poll_interval, max_backoff)
        self._stop = asyncio.Event()
        self._wake = asyncio.Event()
        self.sent = 0
        self.telegram_down = False
        self.heartbeat_path = heartbeat_path
        self.odoo_ok = False
        self._holds = {}  # chat -> (id of its message left to the lease, when that is back in Odoo)

    def stop(self):
        self._stop.set()
        self._wake.set()

    @property
    def stopping(self):
        return self._stop.is_set()

    def wake(self):
        """Look at the outbox now (e.g. right after a ticket was created)."""
        self._wake.set()

    async def _sleep(self, seconds):
        self._wake.clear()
        if self._stop.is_set():
            return
        try:
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
        except asyncio.TimeoutError:
            pass

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
                pause = self.backoff.next()
                _logger.warning("outbox: %s; next try in %.1fs", exc, pause)
                await self._sleep(pause)
                continue
            except OdooError as exc:
                pause = self.backoff.next()
                _logger.error("outbox: Odoo refused: %s; next try in %.1fs", exc, pause)
                await self._sleep(pause)
                continue
            except TelegramRefused as exc:
                pause = self.backoff.next()
                _logger.error("outbox: %s; next try in %.1fs", exc, pause)
                await self._sleep(pause)
                continue
            except asyncio.CancelledError:
                raise
            except Exception:
                pause = self.backoff.next()
                _logger.exception("outbox: unexpected error; next try in %.1fs", pause)
                await self._sleep(pause)
                continue
            if self.telegram_down:
                self.telegram_down = False
                await self._sleep(self.backoff.next())
                continue
            self.backoff.reset()
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
        await self._ack([_ok(i, message_id) for i, message_id in pending])
        _logger.info("outbox: re-acknowledged %d message(s) delivered before", len(pending))
        return len(pending)

    async def _ack(self, results):
        await self.odoo.call("outbox_ack", results)
        self.journal.mark_acked([r["id"] for r in results if r["ok"]])

    def _next(self, queue, busy):
        """The first queued message whose chat may be sent to now (each chat in queue order, none
        of a chat with a message in flight), or None and the seconds until one may (None: only
        chats in flight are left)."""
        seen = set(busy)
        wait = None
        for message in queue:
            chat = str(message["chat_id"])
            if chat in seen:
                continue  # an earlier message of this chat goes first
            seen.add(chat)
            chat_wait = self.limits.chat_ready_in(chat)
            if chat_wait <= 0:
                return message, 0.0
            wait = chat_wait if wait is None else min(wait, chat_wait)
        return None, wait

    def _claim_size(self):
        """As many messages as can go within half the lease at the bot's overall rate."""
        fits = int(self.limits.overall.rate * (self.lease - self.lease_margin) / 2)
        return max(1, min(self.batch, fits))

    def _per_chat(self):
        """As many messages of one chat as can go within half the lease at a chat's rate (at
        least a private chat's burst): Odoo hands a chat to one worker at a time."""
        fits = int(self.limits.per_chat * (self.lease - self.lease_margin) / 2)
        return max(CHAT_BURST, fits)

    async def run_once(self):
        """One claim/send/ack round; returns True when there was something to do."""
        await self.flush_journal()
        claimed_at = time.monotonic()
        claimed = await self.odoo.call(
            "outbox_claim",
            self.name,
            limit=self._claim_size(),
            lease_seconds=self.lease,
            per_chat=self._per_chat(),
        )
        if not claimed:
            return False
        deadline = claimed_at + self.lease - self.lease_margin
        queue = [m for m in claimed if not self._held(m)]
        acks = _Acks(self)
        inflight = {}  # task -> message
        error = None
        halt = False  # send nothing more from this batch
        try:
            while True:
                ready_wait = None
                while not halt and not self._stop.is_set() and len(inflight) < self.concurrency:
                    if time.monotonic() >= deadline:
                        halt = True  # the rest is left to the lease
                        break
                    busy = {str(m["chat_id"]) for m in inflight.values()}
                    message, ready_wait = self._next(queue, busy)
                    if message is None:
                        break
                    inflight[asyncio.create_task(self._deliver(message))] = message
                if not inflight:
                    if halt or self._stop.is_set() or not queue or ready_wait is None:
                        break
                    if time.monotonic() + ready_wait >= deadline:
                        break  # these chats must wait past the lease: claimed again later
                    await self._sleep(ready_wait)
                    continue
                done, _pending = await asyncio.wait(
                    list(inflight), timeout=ready_wait or None, return_when=asyncio.FIRST_COMPLETED
                )
                for task in done:
                    message = inflight.pop(task)
                    try:
                        result = task.result()
                    except Exception as exc:  # noqa: BLE001 - raised once the batch is settled
                        error = error or exc
                        halt = True
                        continue
                    if result is None:  # Telegram is unavailable: leave the rest to their lease
                        halt = True
                    elif result == "again":  # 429: the chat waits, the message stays queued
                        pass
                    else:
                        queue.remove(message)
                        if result.pop("stop", False):
                            halt = True
                        acks.add(result)
        finally:
            if inflight:  # cancelled: let what is on its way finish and be journaled
                await asyncio.gather(*inflight, return_exceptions=True)
            # what is left goes back to Odoo when its lease ends; until then no later message
            # of its chat is sent, so that a chat's messages keep their order
            for message in queue:
                self._hold(message, claimed_at + self.lease)
            await acks.close()
        if error is not None:
            raise error
        return True

    def _held(self, message):
        """Whether an earlier message of this chat is left to its lease (the chat's order is kept)."""
        chat = str(message["chat_id"])
        hold = self._holds.get(chat)
        if hold is None:
            return False
        left_id, until = hold
        if message["id"] <= left_id or time.monotonic() >= until:
            del self._holds[chat]  # the message left behind is back (or its lease long over)
            return False
        return True

    def _hold(self, message, until):
        chat = str(message["chat_id"])
        left_id, _until = self._holds.get(chat, (message["id"], 0.0))
        self._holds[chat] = (min(left_id, message["id"]), until + 1.0)

    async def _deliver(self, message):
        """Send one message: its ack, "again" (429: keep it queued) or None (Telegram unreachable)."""
        outbox_id = message["id"]
        if self.journal.is_delivered(outbox_id):
            return _ok(outbox_id, self.journal.message_id(outbox_id))
        chat_id = message["chat_id"]
        text = message["text"] or ""
        markup = rating_buttons(message)
        for _round in range(3):
            try:
                sent = await self.bot.send_message(
                    chat_id=chat_id, text=text, reply_markup=markup, rate_limit_args=OUTBOX
                )
            except RetryAfter as exc:
                # the rate limiter has blocked the chat for retry_after; nothing was delivered
                _logger.warning(
                    "outbox: Telegram asks to wait %ss (message %s)", retry_after_seconds(exc), outbox_id
                )
                return "again"
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
                raise TelegramRefused(redact(f"Telegram refused the bot token: {exc}")) from None
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
            message_id = getattr(sent, "message_id", None)
            self.journal.record(outbox_id, chat_id, message_id)
            self.sent += 1
            return _ok(outbox_id, message_id)
        return _fail(outbox_id, "Telegram: the chat moved too often", retry_after=self.retry_delay, stop=True)


class _Acks:
    """Acknowledgements sent to Odoo while the next messages go out.

    A delivered message is in the journal before it is handed here, so an ack that does not reach
    Odoo is repeated from the journal (flush_journal) and the message is never sent again by this
    process, nor by another one sharing the state directory. One ack call is in flight at a time;
    what arrives meanwhile goes in the next one.
    """

    def __init__(self, worker):
        self.worker = worker
        self.pending = []
        self.task = None
        self.error = None

    def add(self, result):
        self.pending.append(result)
        if self.task is None or self.task.done():
            self._collect()
            self.task = asyncio.create_task(self._send())

    def _collect(self):
        if self.task is not None and self.task.done() and not self.task.cancelled():
            exc = self.task.exception()
            if exc is not None and self.error is None:
                self.error = exc

    async def _send(self):
        while self.pending:
            batch, self.pending = self.pending, []
            await self.worker._ack(batch)

    async def close(self):
        """Wait for every acknowledgement; raise the first error (Odoo down: the journal has them)."""
        if self.task is not None:
            try:
                await self.task
            except Exception as exc:  # noqa: BLE001 - reported below
                self.error = self.error or exc
        if self.pending and self.error is None:
            await self._send()
        if self.error is not None:
            raise self.error


def rating_buttons(message):
    """The one-tap buttons 1-5 of a rating request (None for any other kind of message).

    The callback data ``r:<score>:<token>`` must fit Telegram's 64 bytes; a longer token (Odoo's
    are 32 characters) gets no buttons: the request still tells how to rate by e-mail or portal.
    """
    token = message.get("rating_token")
    if message.get("kind") != RATING_KIND or not token:
        return None
    if len(f"r:5:{token}".encode()) > CALLBACK_DATA_MAX:
        _logger.warning("outbox: the rating token of message %s is too long for buttons", message["id"])
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(texts.RATING_BUTTON.format(score=n), callback_data=f"r:{n}:{token}")
                for n in range(1, 6)
            ]
        ]
    )


def _ok(outbox_id, message_id=None):
    result = {"id": outbox_id, "ok": True, "error": False, "retry_after": False, "permanent": False}
    if message_id:
        # Telegram's id of the sent message: Odoo maps a reply to it onto the ticket
        result["message_id"] = int(message_id)
    return result


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
