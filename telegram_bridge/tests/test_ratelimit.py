from telegram_bridge.ratelimit import RateLimiter


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_burst_then_warn_once_then_drop():
    clock = Clock()
    rl = RateLimiter(per_minute=6, burst=3, clock=clock)
    assert [rl.hit(1) for _ in range(3)] == ["ok", "ok", "ok"]
    assert rl.hit(1) == "warn"
    assert rl.hit(1) == "drop"
    assert rl.hit(1) == "drop"
    # other chats are not affected
    assert rl.hit(2) == "ok"


def test_refill_over_time():
    clock = Clock()
    rl = RateLimiter(per_minute=6, burst=2, clock=clock)  # one token every 10 s
    assert rl.hit(1) == "ok" and rl.hit(1) == "ok"
    assert rl.hit(1) == "warn"
    clock.now += 5
    assert rl.hit(1) == "drop"
    clock.now += 6
    assert rl.hit(1) == "ok"
    # after a refused message was followed by an accepted one, the next refusal warns again
    assert rl.hit(1) == "warn"


def test_prunes_idle_chats():
    clock = Clock()
    rl = RateLimiter(per_minute=60, burst=2, clock=clock, max_chats=3)
    for chat in range(3):
        rl.hit(chat)
    clock.now += 10
    rl.hit(99)
    assert len(rl._buckets) == 1
