"""Token buckets: the per-chat flood limit on what users send, and Telegram's limits on what the bot sends.

Telegram limits a bot to about 30 messages a second overall, about one a second per private chat
(short bursts tolerated) and 20 a minute per group chat; beyond that it answers 429 with
``retry_after``. :class:`TelegramLimits` keeps the bot below them proactively; it is installed as
the bot's rate limiter (:class:`BridgeRateLimiter`, python-telegram-bot's ``BaseRateLimiter``
interface), so handlers' replies and the outbox draw on the same buckets, and the outbox asks it
which chat may be sent to now (:meth:`TelegramLimits.ready_in`) so that a chat that must wait
never holds up the others.

Answers to a user (a handler's reply, the ticket number after /new) go before the outbox's
notifications: the outbox sends with ``rate_limit_args=OUTBOX`` and waits while an answer waits
for the bot's budget, and leaves a few of the bot's tokens (:data:`ANSWER_RESERVE`) untouched, so
that an answer arriving during a burst of notifications finds its token at once.
"""

import asyncio
import time

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter


class TokenBucket:
    """``rate`` tokens a second, at most ``capacity`` stored; starts full."""

    __slots__ = ("rate", "capacity", "tokens", "last", "blocked_until")

    def __init__(self, rate, capacity, now):
        self.rate = rate
        self.capacity = float(capacity)
        self.tokens = float(capacity)
        self.last = now
        self.blocked_until = 0.0

    def _refill(self, now):
        self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
        self.last = now

    def wait_time(self, now, need=1.0):
        """Seconds until ``need`` tokens are there (0 when they are there now)."""
        self._refill(now)
        need = min(need, self.capacity)
        wait = 0.0 if self.tokens >= need - 1e-9 else (need - self.tokens) / self.rate
        return max(wait, self.blocked_until - now)

    def take(self, now):
        self._refill(now)
        self.tokens -= 1.0

    def full(self, now):
        self._refill(now)
        return self.tokens >= self.capacity and now >= self.blocked_until


class RateLimiter:
    """Flood limit on users: ``per_minute`` messages a minute per chat, bursts of up to ``burst``.

    ``hit(chat_id)`` returns "ok", "warn" (the first refusal: tell the user once) or "drop".
    """

    def __init__(self, per_minute=20, burst=8, clock=time.monotonic, max_chats=10000):
        self.rate = per_minute / 60.0
        self.burst = burst
        self.clock = clock
        self.max_chats = max_chats
        self._buckets = {}  # chat_id -> TokenBucket
        self._warned = set()

    def hit(self, chat_id):
        now = self.clock()
        bucket = self._buckets.get(chat_id)
        if bucket is None:
            if len(self._buckets) >= self.max_chats:
                self._prune(now)
            bucket = self._buckets[chat_id] = TokenBucket(self.rate, self.burst, now)
        if bucket.wait_time(now) <= 0:
            bucket.take(now)
            self._warned.discard(chat_id)
            return "ok"
        if chat_id not in self._warned:
            self._warned.add(chat_id)
            return "warn"
        return "drop"

    def _prune(self, now):
        """Forget chats whose bucket has refilled (they are indistinguishable from new ones)."""
        for chat_id in [c for c, b in self._buckets.items() if b.full(now)]:
            del self._buckets[chat_id]
            self._warned.discard(chat_id)


# Bot API methods that post a message into a chat: Telegram's limits count these.
MESSAGE_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendAudio",
        "sendVideo",
        "sendVoice",
        "sendAnimation",
        "sendSticker",
        "sendLocation",
        "sendContact",
        "sendPoll",
        "sendMediaGroup",
        "copyMessage",
        "forwardMessage",
        "editMessageText",
    }
)
# Those that add a message to the chat: the per-chat limits count these (an edit adds none).
CHAT_METHODS = MESSAGE_METHODS - {"editMessageText"}


def is_group(chat_id):
    """Group, supergroup and channel ids are negative (or an @channel name); private chats positive."""
    try:
        return int(chat_id) < 0
    except (TypeError, ValueError):
        return True


CHAT_BURST = 3  # a private chat may get a short burst (an answer of three messages) at once
# the bot's tokens the outbox leaves to answers to users (never more than its budget less one)
ANSWER_RESERVE = 3
# ``rate_limit_args`` of the outbox's sends: they yield to answers to users
OUTBOX = "outbox"


class TelegramLimits:
    """Telegram's limits for one bot as three kinds of token buckets.

    ``overall`` messages a second for the bot, ``per_chat`` a second per private chat (bursts of
    CHAT_BURST), ``per_group`` a minute per group chat (bursts of as many). With several bridge
    processes sending for the same bot, each gets its share of ``overall`` (see the README).
    """

    def __init__(self, overall=28.0, per_chat=1.0, per_group=18, clock=time.monotonic, max_chats=20000):
        self.clock = clock
        self.max_chats = max_chats
        self.per_chat = per_chat
        self.group_rate = per_group / 60.0
        self.group_burst = max(1, int(per_group))
        # a burst of up to one second's worth (Telegram tolerates as much), then the rate
        self.overall = TokenBucket(overall, max(1, int(overall)), clock())
        self.reserve = min(ANSWER_RESERVE, max(0, int(overall) - 1))
        self._chats = {}
        self._answers_waiting = 0  # answers to users waiting for the bot's budget

    def _bucket(self, chat_id, now):
        key = str(chat_id)
        bucket = self._chats.get(key)
        if bucket is None:
            if len(self._chats) >= self.max_chats:
                for k in [k for k, b in self._chats.items() if b.full(now)]:
                    del self._chats[k]
            if is_group(key):
                bucket = TokenBucket(self.group_rate, self.group_burst, now)
            else:
                bucket = TokenBucket(self.per_chat, CHAT_BURST, now)
            self._chats[key] = bucket
        return bucket

    def chat_ready_in(self, chat_id):
        """Seconds until the chat's own limit lets one message through."""
        now = self.clock()
        return self._bucket(chat_id, now).wait_time(now)

    def ready_in(self, chat_id):
        """Seconds until a message to ``chat_id`` may go (the chat's and the bot's limits)."""
        now = self.clock()
        return max(self._bucket(chat_id, now).wait_time(now), self.overall.wait_time(now))

    def _bot_wait(self, answer, now):
        """Seconds until the bot's budget lets a message through: an answer needs one token; a
        notification waits while an answer waits and leaves the reserve untouched."""
        if answer:
            return self.overall.wait_time(now)
        if self._answers_waiting:
            return 1.0 / self.overall.rate  # an answer goes first; look again after one token
        return self.overall.wait_time(now, need=1.0 + self.reserve)

    async def acquire(self, chat_id, chat=True, answer=True):
        """Wait until a message to ``chat_id`` may go, and count it against the bot's budget and,
        when ``chat``, against the chat's. An ``answer`` (to a user) goes before the others: a
        notification waits while an answer waits for the bot's budget, and leaves the reserve to
        answers. (An answer waiting for its own chat's limit holds up nobody else.)"""
        waiting = False
        try:
            while True:
                now = self.clock()
                bot_wait = self._bot_wait(answer, now)
                wait = max(bot_wait, self._bucket(chat_id, now).wait_time(now)) if chat else bot_wait
                if wait <= 0:
                    if chat:
                        self._bucket(chat_id, now).take(now)
                    self.overall.take(now)
                    return
                if answer and waiting != (bot_wait > 0):
                    waiting = bot_wait > 0
                    self._answers_waiting += 1 if waiting else -1
                await asyncio.sleep(wait)
        finally:
            if waiting:
                self._answers_waiting -= 1

    def retry_after(self, chat_id, seconds):
        """Telegram said 429: nothing more to this chat for ``seconds``."""
        now = self.clock()
        bucket = self._bucket(chat_id, now)
        bucket.blocked_until = max(bucket.blocked_until, now + seconds)


class BridgeRateLimiter(BaseRateLimiter):
    """python-telegram-bot's rate limiter hook, backed by :class:`TelegramLimits`.

    Every message the bot posts waits for its chat's and the bot's tokens; an edit (a dialog's
    next step) adds no message to the chat and waits for the bot's only. A 429 still answered
    by Telegram blocks the chat for ``retry_after`` and is raised to the caller (the outbox keeps
    the message queued; a handler's reply fails as any Telegram error does); no request is
    repeated here, so nothing can be sent twice by the limiter. A request with
    ``rate_limit_args=OUTBOX`` (the outbox's) yields to every other (answers to users).
    """

    def __init__(self, limits):
        self.limits = limits

    async def initialize(self):
        pass

    async def shutdown(self):
        pass

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        chat_id = data.get("chat_id")
        if endpoint not in MESSAGE_METHODS or chat_id is None:
            return await callback(*args, **kwargs)
        await self.limits.acquire(chat_id, chat=endpoint in CHAT_METHODS, answer=rate_limit_args != OUTBOX)
        try:
            return await callback(*args, **kwargs)
        except RetryAfter as exc:
            self.limits.retry_after(chat_id, retry_after_seconds(exc))
            raise


def retry_after_seconds(exc):
    value = exc.retry_after
    if hasattr(value, "total_seconds"):
        value = value.total_seconds()
    return max(1, int(round(float(value))))
