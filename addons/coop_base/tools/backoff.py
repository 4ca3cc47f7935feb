"""Delays between the attempts of a job that talks to a service (Telegram, an SMS gateway)."""

BACKOFF_MAX_SECONDS = 3600


def capped_backoff(attempts, base, cap=BACKOFF_MAX_SECONDS):
    """Seconds to wait after the ``attempts``-th failed attempt: ``base`` after the first,
    doubled at every further one, ``cap`` at most."""
    return min(base * 2 ** max(attempts - 1, 0), cap)
