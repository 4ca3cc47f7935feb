"""The one capped exponential backoff of the bridge (Odoo retries, outbox pauses, Telegram start)."""


def capped(attempt, base, cap):
    """Pause before try number ``attempt`` (1, 2, ...): ``base`` doubled each time, never above ``cap``."""
    return min(cap, base * (2 ** max(attempt - 1, 0)))


class Backoff:
    """A growing pause: ``next()`` gives base, 2*base, 4*base ... up to ``cap``; ``reset()`` starts over."""

    def __init__(self, base, cap):
        self.base = base
        self.cap = cap
        self.attempt = 0

    def next(self):
        self.attempt += 1
        return capped(self.attempt, self.base, self.cap)

    def reset(self):
        self.attempt = 0
