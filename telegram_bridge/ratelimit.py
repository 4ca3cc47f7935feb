"""Per-chat token bucket against floods."""

import time


class RateLimiter:
    """``per_minute`` messages a minute per chat, with bursts of up to ``burst``.

    ``hit(chat_id)`` returns "ok", "warn" (the first refusal: tell the user once) or "drop".
    """

    def __init__(self, per_minute=20, burst=8, clock=time.monotonic, max_chats=10000):
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self.max_chats = max_chats
        self._buckets = {}  # chat_id -> [tokens, last, warned]

    def hit(self, chat_id):
        now = self.clock()
        bucket = self._buckets.get(chat_id)
        if bucket is None:
            if len(self._buckets) >= self.max_chats:
                self._prune(now)
            bucket = self._buckets[chat_id] = [self.burst, now, False]
        tokens = min(self.burst, bucket[0] + (now - bucket[1]) * self.rate)
        bucket[1] = now
        if tokens >= 1.0:
            bucket[0] = tokens - 1.0
            bucket[2] = False
            return "ok"
        bucket[0] = tokens
        if not bucket[2]:
            bucket[2] = True
            return "warn"
        return "drop"

    def _prune(self, now):
        """Forget chats whose bucket has refilled (they are indistinguishable from new ones)."""
        full_after = self.burst / self.rate if self.rate else 0
        for chat_id, (_tokens, last, _warned) in list(self._buckets.items()):
            if now - last >= full_after:
                del self._buckets[chat_id]
