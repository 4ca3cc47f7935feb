"""Telegram's limits: a burst of 1,000 notifications drains through the real bridge process and
a real Odoo at the limits the fake Bot API enforces as Telegram does, with no 429, none lost,
none doubled, each chat's messages in their order. The drain rate is printed, not asserted."""

import collections
import time

PRIVATE_CHATS = [str(800001 + i) for i in range(500)]
GROUP_CHATS = [str(-100900001 - i) for i in range(5)]
PREFIX = "Уведомление о заявке"


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def burst(size=1000, per_group=10, busy=10, per_busy=5):
    """``size`` messages as a mass outage queues them: ``per_group`` posts to each group chat and
    ``per_busy`` notifications to each of ``busy`` private chats (both over the chat's burst, so
    the chat's limit paces them), the rest round the other private chats."""
    groups = [c for c in GROUP_CHATS for _ in range(per_group)]
    busy_chats = [c for c in PRIVATE_CHATS[:busy] for _ in range(per_busy)]
    rest = size - len(groups) - len(busy_chats)
    others = [PRIVATE_CHATS[busy + n % (len(PRIVATE_CHATS) - busy)] for n in range(rest)]
    rows = []
    for n, chat in enumerate(others):
        rows.append((chat, "notification"))
        if n % 19 == 0 and groups:
            rows.append((groups.pop(0), "team_chat"))
        if n % 17 == 0 and busy_chats:
            rows.append((busy_chats.pop(0), "notification"))
    rows += [(c, "team_chat") for c in groups] + [(c, "notification") for c in busy_chats]
    return [
        {"chat_id": chat, "kind": kind, "text": f"{PREFIX} HD{n:05d}: статус изменён"}
        for n, (chat, kind) in enumerate(rows)
    ]


def unsent(odoo, ids):
    return odoo.admin("coop.telegram.outbox", "search_count", [("id", "in", ids), ("state", "!=", "sent")])


def test_burst_of_1000_drains_within_telegrams_limits(odoo_server, telegram, bridge_process, capsys):
    bridge_process()
    vals = burst()
    assert len(vals) == 1000 and len({v["chat_id"] for v in vals}) == 505
    start = time.monotonic()
    ids = odoo_server.admin("coop.telegram.outbox", "create", vals)
    wait_until(lambda: unsent(odoo_server, ids) == 0, timeout=240, what="the outbox drained")
    elapsed = time.monotonic() - start
    time.sleep(1.0)  # anything sent twice would arrive now

    got = [m for m in telegram.messages() if m["text"].startswith(PREFIX) and not m.get("edit")]
    counts = collections.Counter((m["chat_id"], m["text"]) for m in got)
    wanted = collections.Counter((v["chat_id"], v["text"]) for v in vals)
    assert telegram.rejected == [], telegram.rejected[:10]  # no 429 was needed
    assert counts == wanted  # none lost, none doubled, each to its chat
    # each chat got its messages in the order they were queued
    order = {v["text"]: n for n, v in enumerate(vals)}
    by_chat = collections.defaultdict(list)
    for m in got:
        by_chat[m["chat_id"]].append(order[m["text"]])
    assert all(seq == sorted(seq) for seq in by_chat.values())
    first = min(m["ts"] for m in got)
    last = max(m["ts"] for m in got)
    with capsys.disabled():
        print(
            f"\nbridge drain: 1000 messages to 500 private and 5 group chats in {elapsed:.1f}s "
            f"from queueing ({1000 / elapsed:.1f} msg/s), first to last send {last - first:.1f}s "
            f"({999 / (last - first):.1f} msg/s), 429 answers: {len(telegram.rejected)}"
        )
