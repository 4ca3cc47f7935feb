"""Telegram bridge round trip: from a /new confirmation received to the ticket number sent back.

Builds a throw-away database with coop_servicedesk, starts Odoo on a free port, the fake
Telegram Bot API and the bridge process, then measures
  1. 200 tickets one after the other from one chat;
  2. 50 chats confirming at the same moment (two rounds).
Prints median and p95 in milliseconds, and drops the database.
"""

import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from conftest import BOT_TOKEN, ROOT, BridgeProcess, OdooServer, facade_missing  # noqa: E402
from fake_telegram import FakeTelegram  # noqa: E402

SEQUENTIAL = int(os.environ.get("BENCH_BRIDGE_TICKETS", "200"))
CONCURRENT = int(os.environ.get("BENCH_BRIDGE_CHATS", "50"))
ROUNDS = 2

CODES_SCRIPT = r"""
partner = env["res.partner"].browse(%(partner_id)d)
links = env["coop.telegram.link"].create([{"partner_id": partner.id} for _i in range(%(count)d)])
env.cr.commit()
print("BENCH-CODES " + " ".join(links.mapped("code")))
"""


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def issue_codes(odoo, partner_id, count):
    out = subprocess.run(
        odoo._cmd("--no-http", "--max-cron-threads=0", command="shell"),
        input=CODES_SCRIPT % {"partner_id": partner_id, "count": count},
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    if "BENCH-CODES " not in out.stdout:
        raise RuntimeError(out.stderr[-3000:])
    line = next(line for line in out.stdout.splitlines() if line.startswith("BENCH-CODES "))
    return line.split()[1:]


def prepare(telegram, chat, team_id):
    """Walk the dialog up to the confirmation; returns (confirm message, callback data)."""
    start = len(telegram.messages(chat))
    telegram.send_text(chat, "/new")
    teams = telegram.wait_for(
        lambda m: m["text"].startswith("Новая заявка"), chat_id=chat, start=start, timeout=60
    )
    telegram.press(chat, f"t:{team_id}", teams)
    tpl = telegram.wait_for(lambda m: "Выберите тип" in m["text"], chat_id=chat, start=start, timeout=60)
    telegram.press(chat, "p:0", tpl)
    telegram.wait_for(lambda m: "Опишите коротко" in m["text"], chat_id=chat, start=start, timeout=60)
    telegram.send_text(chat, f"Не печатает принтер в кабинете {secrets.randbelow(900) + 100}")
    confirm = telegram.wait_for(
        lambda m: m["text"].startswith("Проверьте заявку"), chat_id=chat, start=start, timeout=60
    )
    return confirm, telegram.buttons(confirm)[0][1]


def confirm_and_wait(telegram, chat, confirm, data):
    start = len(telegram.messages(chat))
    t0 = time.monotonic()
    telegram.press(chat, data, confirm)
    done = telegram.wait_for(
        lambda m: re.match(r"Заявка \S+ создана", m["text"]), chat_id=chat, start=start, timeout=120
    )
    return (done["ts"] - t0) * 1000.0


def main():
    reason = facade_missing()
    if reason:
        print(f"bench_bridge_roundtrip: not run: {reason}")
        return 0
    tmp = tempfile.mkdtemp(prefix="bench_bridge_")
    odoo = OdooServer(f"bridge_bench_{secrets.token_hex(4)}", tmp)
    telegram = FakeTelegram(BOT_TOKEN).start()
    bridge = None
    try:
        t = time.monotonic()
        odoo.install()
        person = odoo.data["people"][3]
        codes = [person["code"]] + issue_codes(odoo, person["partner_id"], CONCURRENT)
        odoo.start()
        print(f"database ready in {time.monotonic() - t:.0f} s")
        env = dict(os.environ)
        env.update(
            TELEGRAM_BOT_TOKEN=BOT_TOKEN,
            TELEGRAM_API_BASE_URL=telegram.base_url,
            ODOO_URL=odoo.url,
            ODOO_DB=odoo.db,
            ODOO_LOGIN="telegram_bridge",
            ODOO_API_KEY=odoo.data["api_key"],
            BRIDGE_STATE_DIR=os.path.join(tmp, "state"),
            OUTBOX_POLL_INTERVAL="1",
            TELEGRAM_POLLING_TIMEOUT="1",
            RATE_LIMIT_PER_MINUTE="100000",
            RATE_LIMIT_BURST="100000",
            BRIDGE_LOG_LEVEL="WARNING",
        )
        bridge = BridgeProcess(env, os.path.join(tmp, "bridge.log")).start(telegram)
        team_id = odoo.data["team_id"]

        chats = [800000 + i for i in range(CONCURRENT + 1)]
        for chat, code in zip(chats, codes, strict=True):
            telegram.send_text(chat, f"/link {code}")
        for chat in chats:
            telegram.wait_for(lambda m: m["text"].startswith("Готово"), chat_id=chat, timeout=120)

        # 1. one chat, tickets one after the other
        solo = chats[0]
        samples = []
        for _i in range(SEQUENTIAL):
            confirm, data = prepare(telegram, solo, team_id)
            samples.append(confirm_and_wait(telegram, solo, confirm, data))
        print(
            f"sequential, {len(samples)} tickets: median {statistics.median(samples):.0f} ms, "
            f"p95 {pct(samples, 0.95):.0f} ms, max {max(samples):.0f} ms"
        )

        # 2. many chats confirming at once
        many = chats[1:]
        samples = []
        for _round in range(ROUNDS):
            ready = {chat: prepare(telegram, chat, team_id) for chat in many}
            starts = {chat: len(telegram.messages(chat)) for chat in many}
            t0 = {}
            for chat in many:
                t0[chat] = time.monotonic()
                telegram.press(chat, ready[chat][1], ready[chat][0])
            for chat in many:
                done = telegram.wait_for(
                    lambda m: re.match(r"Заявка \S+ создана", m["text"]),
                    chat_id=chat,
                    start=starts[chat],
                    timeout=300,
                )
                samples.append((done["ts"] - t0[chat]) * 1000.0)
        print(
            f"{len(many)} chats at once, {len(samples)} tickets: median {statistics.median(samples):.0f} ms, "
            f"p95 {pct(samples, 0.95):.0f} ms, max {max(samples):.0f} ms"
        )
        tickets = odoo.admin("helpdesk.ticket", "search_count", [("coop_bridge_request_uid", "!=", False)])
        expected = SEQUENTIAL + ROUNDS * len(many)
        print(f"tickets created: {tickets} (expected {expected})")
        return 0 if tickets == expected else 1
    finally:
        if bridge:
            bridge.stop()
        telegram.stop()
        odoo.drop()


if __name__ == "__main__":
    sys.exit(main())
