"""Two bridge processes on one Odoo and one bot: one polls Telegram (BRIDGE_POLL=1), the other
only drains the outbox (BRIDGE_POLL=0); both drain one burst of ten messages to each of 30
chats. Odoo hands each chat to one of them at a time, so every chat gets its messages in the
order they were queued (a chat handed from one to the other may meet a 429, as each process
paces the chats it sends to: the message waits for retry_after and keeps its place). The poller is killed
(SIGKILL) while Telegram is taking one of its messages: every message is delivered, and the
only one delivered twice is the message that was in flight at the kill (Telegram has no
idempotency key); its chat waits for the killed claim's lease and then goes on, in order,
from that message; the poller comes back and serves chats again."""

import collections
import os
import signal
import subprocess
import threading
import time

import psutil
from conftest import BOT_TOKEN, PY, ROOT, BridgeProcess

from telegram_bridge import texts

PREFIX = "Рассылка двух мостов"
KILL_AT = 40  # the poller is killed while Telegram takes its 40th message


def wait_until(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def ports_of(pid):
    try:
        proc = psutil.Process(pid)
        conns = (
            proc.net_connections(kind="tcp") if hasattr(proc, "net_connections") else proc.connections("tcp")
        )
    except psutil.Error:
        return set()
    return {c.laddr.port for c in conns if c.laddr}


def start_outbox_only(env, log_path):
    bridge = BridgeProcess(env, log_path)
    log = open(log_path, "a")  # noqa: SIM115 - the process writes to it for its life
    bridge.proc = subprocess.Popen(
        [PY, "-m", "telegram_bridge"], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
    )
    wait_until(lambda: "outbox only, not polling" in bridge.log(), 30, "the outbox-only bridge to run")
    return bridge


def test_two_bridges_share_the_outbox_and_survive_a_kill(odoo_server, telegram, bridge_env, tmp_path, capsys):
    # one host, one state directory (docker-compose's volume): the journal is shared
    common = dict(
        bridge_env,
        BRIDGE_STATE_DIR=str(tmp_path / "state"),
        TELEGRAM_RATE_OVERALL="14",  # the bot's budget split between the two
        OUTBOX_CONCURRENCY="1",
    )
    poller_env = dict(common, BRIDGE_WORKER_NAME="bridge-poller", BRIDGE_POLL="1")
    poller = BridgeProcess(poller_env, str(tmp_path / "poller.log")).start(telegram)
    worker = start_outbox_only(
        dict(common, BRIDGE_WORKER_NAME="bridge-outbox", BRIDGE_POLL="0"), str(tmp_path / "worker.log")
    )
    poller_pid, worker_pid = poller.proc.pid, worker.proc.pid
    senders = collections.Counter()
    in_flight = []
    lock = threading.Lock()

    def kill_poller_mid_send(method, params):
        if method != "sendMessage" or not str(params.get("text", "")).startswith(PREFIX):
            return
        port = (telegram.peer() or (None, None))[1]
        with lock:
            if not in_flight and port in ports_of(poller_pid):
                senders["poller"] += 1
                if senders["poller"] == KILL_AT:
                    # Telegram has the request and will deliver it; the poller never hears back
                    in_flight.append(params["text"])
                    os.kill(poller_pid, signal.SIGKILL)
                    poller.proc.wait(10)
            elif port in ports_of(worker_pid):
                senders["worker"] += 1

    telegram.hooks.append(kill_poller_mid_send)
    try:
        chats = [str(810001 + i) for i in range(28)] + ["-100810001", "-100810002"]
        vals = [
            {"chat_id": chats[n % len(chats)], "kind": "notification", "text": f"{PREFIX} HD{n:05d}"}
            for n in range(300)
        ]
        start = time.monotonic()
        ids = odoo_server.admin("coop.telegram.outbox", "create", vals)
        wait_until(lambda: in_flight, 60, "the kill")
        wait_until(
            lambda: odoo_server.admin(
                "coop.telegram.outbox", "search_count", [("id", "in", ids), ("state", "!=", "sent")]
            )
            == 0,
            180,
            "every message acknowledged",
        )
        elapsed = time.monotonic() - start
        time.sleep(1.5)  # anything sent twice would arrive now
        telegram.hooks.clear()

        got = collections.Counter(m["text"] for m in telegram.messages() if m["text"].startswith(PREFIX))
        assert set(got) == {v["text"] for v in vals}  # every message delivered
        doubled = {text: n for text, n in got.items() if n > 1}
        # the only message delivered twice is the one Telegram took as the poller died
        assert doubled == {in_flight[0]: 2}, doubled
        # each chat got its messages in the order they were queued; the doubled one again
        # right after itself (its chat waited for the lease, then went on from it)
        order = {v["text"]: n for n, v in enumerate(vals)}
        by_chat = collections.defaultdict(list)
        for m in telegram.messages():
            if m["text"].startswith(PREFIX):
                by_chat[m["chat_id"]].append(order[m["text"]])
        assert set(by_chat) == set(chats)
        for chat, seq in by_chat.items():
            assert seq == sorted(seq), (chat, seq)
            assert len(seq) == 10 + (chat == next(v["chat_id"] for v in vals if v["text"] == in_flight[0]))
        assert senders["poller"] >= KILL_AT and senders["worker"] > 0, senders
        assert telegram.conflicts == 0  # never two processes polling
        rows = odoo_server.admin(
            "coop.telegram.outbox", "search_read", [("id", "in", ids)], fields=["attempts", "state"]
        )
        assert all(r["state"] == "sent" and r["attempts"] == 0 for r in rows)
        with capsys.disabled():
            print(
                f"\ntwo bridges: 300 messages in {elapsed:.1f}s with the poller killed after "
                f"{KILL_AT} sends (outbox-only worker sent {senders['worker']}); doubled: {len(doubled)}; "
                f"429 answers: {len(telegram.rejected)}"
            )

        # the poller comes back (as the container's restart policy brings it) and serves chats
        poller = BridgeProcess(poller_env, str(tmp_path / "poller.log")).start(telegram)
        telegram.send_text(810999, "/start")
        telegram.wait_for(lambda m: m["text"] == texts.START_UNLINKED, chat_id=810999)
        assert telegram.conflicts == 0
    finally:
        telegram.hooks.clear()
        for bridge in (poller, worker):
            bridge.stop()
    for bridge in (poller, worker):
        log = bridge.log()
        assert BOT_TOKEN not in log and BOT_TOKEN.split(":")[1] not in log
        assert bridge_env["ODOO_API_KEY"] not in log
