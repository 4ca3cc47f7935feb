"""Telegram bridge round trip: from a /new confirmation received to the ticket number sent back.

Builds a throw-away database with coop_servicedesk, then, with Odoo run as in production
(workers, as config/odoo.conf.example) and as `make run` runs it (threaded), starts Odoo on a
port, the fake Telegram Bot API and the bridge process, and measures
  1. SEQUENTIAL tickets one after the other from one chat, against its peer: the same person
     filing the same ticket through the portal form over HTTP (POST /submitted/ticket), same server;
  2. CHATS chats confirming at the same moment (two rounds; goal: median < 300 ms, p95 < 1 s),
     and that every ticket was created once and followed up once (one team chat post each);
     the CPU the Odoo server (all its processes) and the bridge spent per ticket, including the
     follow-ups, and the load average of the machine around it.
Prints median and p95 in milliseconds, adds them to the closing table of `make bench`, and
drops the database. BENCH_BRIDGE_MODES (default "workers,threaded") chooses the modes;
BENCH_HTTP_PORT the port of Odoo (and the next one for its gevent port) instead of free ones.
"""

import http.cookiejar
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import psutil

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from benchlib import db_name, row  # noqa: E402
from conftest import (  # noqa: E402
    BOT_TOKEN,
    PG_ENV,
    ROOT,
    BridgeProcess,
    OdooServer,
    facade_missing,
    free_port,
)
from fake_telegram import FakeTelegram  # noqa: E402

SEQUENTIAL = int(os.environ.get("BENCH_BRIDGE_TICKETS", "200"))
CONCURRENT = int(os.environ.get("BENCH_BRIDGE_CHATS", "50"))
ROUNDS = 2
SETTLE_SECONDS = 2.0
MODES = [m for m in os.environ.get("BENCH_BRIDGE_MODES", "workers,threaded").split(",") if m]
# production: workers = 2 * cores + 1 (config/odoo.conf.example)
WORKERS = int(os.environ.get("BENCH_ODOO_WORKERS", "5"))
PORTAL_PASSWORD = "bench-portal-" + secrets.token_hex(4)

CODES_SCRIPT = r"""
partner = env["res.partner"].browse(%(partner_id)d)
links = env["coop.telegram.link"].create([{"partner_id": partner.id} for _i in range(%(count)d)])
# the peer files through the portal form: a password, and the template offered there
partner.user_ids[:1].password = %(password)r
env["coop.servicedesk.template"].search([]).write({"show_in_portal": True})
env.cr.commit()
print("BENCH-CODES " + " ".join(links.mapped("code")))
"""


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def issue_codes(odoo, partner_id, count):
    out = subprocess.run(
        odoo._cmd("--no-http", "--max-cron-threads=0", command="shell"),
        input=CODES_SCRIPT % {"partner_id": partner_id, "count": count, "password": PORTAL_PASSWORD},
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


def start_odoo(odoo, mode):
    """OdooServer.start with the server mode of the measure: threaded or WORKERS processes."""
    cmd = odoo._cmd(
        "--http-port", str(odoo.port), "--http-interface", "127.0.0.1", "--max-cron-threads=0",
        "--no-database-list",
    )
    if mode == "workers":
        cmd += [f"--workers={WORKERS}", "--gevent-port", str(odoo.gevent_port)]
    else:
        cmd += ["--workers=0"]
    log = open(odoo.log_path, "a")  # noqa: SIM115 - kept open for the server's life
    odoo.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if odoo.proc.poll() is not None:
            raise RuntimeError(f"Odoo exited with {odoo.proc.returncode}; see {odoo.log_path}")
        try:
            urllib.request.urlopen(f"{odoo.url}/web/login?db={odoo.db}", timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("Odoo did not start in time")


def portal_tickets(odoo, login, template_id, count):
    """The peer: a person files tickets through the portal form, one after the other (ms each)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def csrf(path):
        page = opener.open(odoo.url + path, timeout=60).read().decode()
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    token = csrf("/web/login")
    data = urllib.parse.urlencode({"login": login, "password": PORTAL_PASSWORD, "csrf_token": token, "db": odoo.db})
    opener.open(odoo.url + "/web/login", data.encode(), timeout=60).read()
    token = csrf("/new/ticket")
    samples = []
    for i in range(count):
        form = {
            "csrf_token": token,
            "coop_template": str(template_id),
            "subject": f"Не печатает принтер (портал) {i}",
            "description": f"Не печатает принтер в кабинете {secrets.randbelow(900) + 100}",
        }
        t0 = time.monotonic()
        answer = opener.open(odoo.url + "/submitted/ticket", urllib.parse.urlencode(form).encode(), timeout=120)
        answer.read()
        samples.append((time.monotonic() - t0) * 1000.0)
        if "/my/ticket/" not in answer.geturl():
            raise RuntimeError(f"the portal form answered {answer.geturl()}")
    return samples


def cpu_seconds(pid):
    """User and system CPU of a process and its children (Odoo's workers), in seconds."""
    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def sql(odoo, query):
    """Rows of ``query`` on the bench database, read with psql, not through Odoo: an
    administrator's RPC call costs Odoo a password hash (hundreds of milliseconds of CPU), which
    would count in the CPU per ticket while the follow-ups are awaited."""
    out = subprocess.run(
        ["psql", "-w", "-d", odoo.db, "-Atc", query],
        env=dict(os.environ, **PG_ENV),
        capture_output=True,
        text=True,
        check=True,
    )
    return [line.split("|") for line in out.stdout.split()]


def bot_tickets(odoo):
    return int(sql(odoo, "SELECT count(*) FROM helpdesk_ticket WHERE coop_bridge_request_uid IS NOT NULL")[0][0])


def pending_requests(odoo):
    """Requests the bot filed that are not yet tickets (the registration job makes them)."""
    return int(sql(odoo, "SELECT count(*) FROM coop_telegram_ticket_request WHERE state = 'pending'")[0][0])


def registered(odoo, timeout=300):
    """Wait until every request the bot filed is a ticket with its team chat post."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (pending_requests(odoo) or len(team_posts(odoo)) < bot_tickets(odoo)):
        time.sleep(0.5)


def team_posts(odoo):
    """Team chat posts of the tickets the bot filed: {ticket id: number of posts}."""
    rows = sql(
        odoo,
        "SELECT o.ticket_id, count(*) FROM coop_telegram_outbox o JOIN helpdesk_ticket t ON t.id = o.ticket_id"
        " WHERE o.kind = 'team_chat' AND t.coop_bridge_request_uid IS NOT NULL GROUP BY o.ticket_id",
    )
    return {int(a): int(b) for a, b in rows}


def measure(odoo, telegram, tmp, chats, mode):
    """One server mode: (sequential samples, crowd samples, portal samples)."""
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
    bridge = BridgeProcess(env, os.path.join(tmp, f"bridge_{mode}.log")).start(telegram)
    try:
        team_id = odoo.data["team_id"]
        # 1. one chat, tickets one after the other; the same through the portal form
        solo = chats[0]
        sequential = []
        for _i in range(SEQUENTIAL):
            confirm, data = prepare(telegram, solo, team_id)
            sequential.append(confirm_and_wait(telegram, solo, confirm, data))
        person = odoo.data["people"][3]
        login = odoo.admin("res.users", "search_read", [("partner_id", "=", person["partner_id"])], ["login"])[0]
        portal = portal_tickets(odoo, login["login"], odoo.data["template_id"], SEQUENTIAL)

        registered(odoo)

        # 2. many chats confirming at once
        many = chats[1:]
        crowd = []
        load_before = os.getloadavg()
        cpu_odoo, cpu_bridge = cpu_seconds(odoo.proc.pid), cpu_seconds(bridge.proc.pid)
        for _round in range(ROUNDS):
            # every chat walks its dialog up to the confirmation at the same time, then the bot's
            # budget at Telegram (about 30 messages a second) refills before the crowd presses
            with ThreadPoolExecutor(len(many)) as pool:
                ready = dict(zip(many, pool.map(lambda chat: prepare(telegram, chat, team_id), many), strict=True))
            time.sleep(SETTLE_SECONDS)
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
                crowd.append((done["ts"] - t0[chat]) * 1000.0)
            # every request registered as its ticket, with its follow-ups (the team chat post
            # among them), before the next round and before the CPU is read: they are part of
            # what a ticket costs
            registered(odoo)
        cpu = {
            "odoo": (cpu_seconds(odoo.proc.pid) - cpu_odoo) * 1000.0 / len(crowd),
            "bridge": (cpu_seconds(bridge.proc.pid) - cpu_bridge) * 1000.0 / len(crowd),
            "load": (load_before[0], os.getloadavg()[0]),
        }
        return sequential, crowd, portal, cpu
    finally:
        bridge.stop()


def main():
    reason = facade_missing()
    if reason:
        print(f"bench_bridge_roundtrip: not run: {reason}")
        return 0
    tmp = tempfile.mkdtemp(prefix="bench_bridge_")
    odoo = OdooServer(db_name("bridge_bench"), tmp)
    if os.environ.get("BENCH_HTTP_PORT"):
        odoo.port = int(os.environ["BENCH_HTTP_PORT"])
        odoo.url = f"http://127.0.0.1:{odoo.port}"
        odoo.gevent_port = odoo.port + 1
    else:
        odoo.gevent_port = free_port()
    telegram = FakeTelegram(BOT_TOKEN).start()
    rc = 0
    try:
        t = time.monotonic()
        odoo.install()
        person = odoo.data["people"][3]
        codes = [person["code"]] + issue_codes(odoo, person["partner_id"], CONCURRENT)
        print(f"database ready in {time.monotonic() - t:.0f} s")
        chats = [800000 + i for i in range(CONCURRENT + 1)]
        expected = 0
        for n, mode in enumerate(MODES):
            start_odoo(odoo, mode)
            try:
                if n == 0:
                    # the chats are linked once, for both modes (the links live in Odoo)
                    env = dict(os.environ, TELEGRAM_BOT_TOKEN=BOT_TOKEN, TELEGRAM_API_BASE_URL=telegram.base_url,
                               ODOO_URL=odoo.url, ODOO_DB=odoo.db, ODOO_LOGIN="telegram_bridge",
                               ODOO_API_KEY=odoo.data["api_key"], BRIDGE_STATE_DIR=os.path.join(tmp, "state"),
                               TELEGRAM_POLLING_TIMEOUT="1", BRIDGE_LOG_LEVEL="WARNING")
                    bridge = BridgeProcess(env, os.path.join(tmp, "bridge_link.log")).start(telegram)
                    try:
                        for chat, code in zip(chats, codes, strict=True):
                            telegram.send_text(chat, f"/link {code}")
                        for chat in chats:
                            telegram.wait_for(lambda m: m["text"].startswith("Готово"), chat_id=chat, timeout=120)
                    finally:
                        bridge.stop()
                sequential, crowd, portal, cpu = measure(odoo, telegram, tmp, chats, mode)
                expected += SEQUENTIAL + ROUNDS * (len(chats) - 1)
                tickets = odoo.admin("helpdesk.ticket", "search_count", [("coop_bridge_request_uid", "!=", False)])
                posts = team_posts(odoo)
                followed_once = len(posts) == tickets and set(posts.values()) == {1}
            finally:
                odoo.stop()
            label = f"Odoo {mode}" + (f" ({WORKERS})" if mode == "workers" else "")
            print(
                f"[{label}] sequential, {len(sequential)} tickets: median {statistics.median(sequential):.0f} ms, "
                f"p95 {pct(sequential, 0.95):.0f} ms; portal form: median {statistics.median(portal):.0f} ms, "
                f"p95 {pct(portal, 0.95):.0f} ms"
            )
            print(
                f"[{label}] {len(chats) - 1} chats at once, {len(crowd)} tickets: median "
                f"{statistics.median(crowd):.0f} ms, p95 {pct(crowd, 0.95):.0f} ms, max {max(crowd):.0f} ms; "
                f"tickets created {tickets} (expected {expected}), each followed up once: {followed_once}"
            )
            print(
                f"[{label}] CPU per ticket of the crowd (follow-ups included): Odoo {cpu['odoo']:.0f} ms, "
                f"bridge {cpu['bridge']:.0f} ms; load average {cpu['load'][0]:.2f} before, "
                f"{cpu['load'][1]:.2f} after"
            )
            row("ticket, one at a time: bridge vs portal form (median ms)", statistics.median(portal),
                statistics.median(sequential), "ms", "-", note=label)
            row(f"{len(chats) - 1} chats confirming at once: median (ms)", None, statistics.median(crowd), "ms",
                "< 300 ms", met=statistics.median(crowd) < 300, note=label)
            row(f"{len(chats) - 1} chats confirming at once: p95 (ms)", None, pct(crowd, 0.95), "ms", "< 1000 ms",
                met=pct(crowd, 0.95) < 1000 and tickets == expected and followed_once,
                note=f"{label}; tickets created {tickets} of {expected}; load {cpu['load'][1]:.1f}")
            row(f"{len(chats) - 1} chats at once: Odoo CPU per ticket (ms)", None, cpu["odoo"], "ms", "-",
                note=f"{label}; follow-ups included; bridge {cpu['bridge']:.0f} ms")
            if tickets != expected or not followed_once:
                rc = 1
        return rc
    finally:
        telegram.stop()
        odoo.drop()


if __name__ == "__main__":
    sys.exit(main())
