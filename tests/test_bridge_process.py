"""``python -m telegram_bridge`` as a process: settings errors, a wrong token, Odoo unreachable, SIGTERM."""

import os
import signal
import subprocess
import time

from conftest import PY, ROOT, free_port
from fake_telegram import FakeTelegram

from telegram_bridge import texts

TOKEN = "7000000003:AAProcessTestTokenAbcdefghijklmnopqrs"
KEY = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"


def bridge_env(tmp_path, **extra):
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ODOO_", "OUTBOX_", "BRIDGE_"))
    }
    env.update(
        TELEGRAM_BOT_TOKEN=TOKEN,
        ODOO_URL=f"http://127.0.0.1:{free_port()}",  # nothing listens there
        ODOO_DB="nowhere",
        ODOO_LOGIN="telegram_bridge",
        ODOO_API_KEY=KEY,
        BRIDGE_STATE_DIR=str(tmp_path / "state"),
        TELEGRAM_POLLING_TIMEOUT="1",
        ODOO_TIMEOUT="2",
        ODOO_RETRIES="0",
        OUTBOX_MAX_BACKOFF="1",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def run(env, timeout=60):
    return subprocess.run(
        [PY, "-m", "telegram_bridge"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def test_missing_settings(tmp_path):
    env = bridge_env(tmp_path)
    del env["ODOO_API_KEY"]
    env["ODOO_DB"] = ""
    out = run(env)
    assert out.returncode == 2
    assert "missing settings: ODOO_DB, ODOO_API_KEY" in out.stderr
    assert TOKEN not in out.stderr


def test_wrong_token_stops_without_showing_it(tmp_path):
    telegram = FakeTelegram("7000000099:AASomeOtherBotTokenAbcdefghijklmnop").start()
    try:
        out = run(bridge_env(tmp_path, TELEGRAM_API_BASE_URL=telegram.base_url))
    finally:
        telegram.stop()
    assert out.returncode == 1, out.stderr[-2000:]
    assert "InvalidToken" in out.stderr
    assert TOKEN not in out.stderr and TOKEN.split(":")[1] not in out.stderr and KEY not in out.stderr


def test_odoo_unreachable_then_sigterm(tmp_path):
    telegram = FakeTelegram(TOKEN).start()
    log_path = tmp_path / "bridge.log"
    env = bridge_env(tmp_path, TELEGRAM_API_BASE_URL=telegram.base_url)
    health = subprocess.run(
        [PY, "-m", "telegram_bridge", "--healthcheck"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert health.returncode == 1 and "no heartbeat" in health.stdout
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [PY, "-m", "telegram_bridge"],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while not any(m == "getUpdates" for m, _ in telegram.calls) and time.monotonic() < deadline:
            assert proc.poll() is None, log_path.read_text()
            time.sleep(0.05)
        telegram.send_text(4242, "/start")
        telegram.wait_for(lambda m: m["text"] == texts.START_UNLINKED, chat_id=4242)
        telegram.send_text(4242, "/my")
        telegram.wait_for(lambda m: m["text"] == texts.ODOO_DOWN, chat_id=4242)
        # the guard answers without Odoo
        telegram.send_text(4242, "мой пароль: Qwerty2024")
        telegram.wait_for(lambda m: m["text"].startswith("⛔"), chat_id=4242)
        health = subprocess.run(
            [PY, "-m", "telegram_bridge", "--healthcheck"],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert health.returncode == 0, health.stdout + health.stderr
        assert "Odoo unreachable" in health.stdout
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        telegram.stop()
    log = log_path.read_text()
    assert "unavailable" in log  # the outbox worker kept trying
    assert TOKEN not in log and KEY not in log and "Qwerty2024" not in log
