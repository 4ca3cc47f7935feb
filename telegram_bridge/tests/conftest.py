import asyncio
import os
import sys
import threading
import time

import pytest

from telegram_bridge.app import serve
from telegram_bridge.config import Settings

from .fake_odoo import FakeOdoo

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "tests")))
from fake_telegram import FakeTelegram  # noqa: E402

TOKEN = "7000000001:AAFakeTokenForTestsOnly_abcdefghijk12"


class BridgeRunner:
    """The real bridge (serve()) on its own event loop in a thread."""

    def __init__(self, settings):
        self.settings = settings
        self.loop = None
        self.stop_event = None
        self.error = None
        self.stopped = False
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        async def main():
            self.loop = asyncio.get_running_loop()
            self.stop_event = asyncio.Event()
            await serve(self.settings, self.stop_event)

        try:
            asyncio.run(main())
        except BaseException as exc:  # reported by stop()
            self.error = exc

    def start(self, telegram):
        calls = len(telegram.calls)
        self.thread.start()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if any(m == "getUpdates" for m, _ in telegram.calls[calls:]):
                return self
            if not self.thread.is_alive():
                break
            time.sleep(0.02)
        raise AssertionError(f"the bridge did not start polling: {self.error!r}")

    def stop(self):
        if self.stopped:
            return
        self.stopped = True
        if self.loop is not None and self.thread.is_alive():
            self.loop.call_soon_threadsafe(self.stop_event.set)
        self.thread.join(30)
        assert not self.thread.is_alive(), "the bridge did not stop"
        if self.error:
            raise self.error


@pytest.fixture
def telegram():
    server = FakeTelegram(TOKEN).start()
    yield server
    server.stop()


@pytest.fixture
def odoo():
    server = FakeOdoo().start()
    yield server
    server.stop()


@pytest.fixture
def settings_for(tmp_path):
    def make(telegram, odoo, **extra):
        env = {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": telegram.base_url,
            "ODOO_URL": odoo.url,
            "ODOO_DB": odoo.db,
            "ODOO_LOGIN": odoo.login,
            "ODOO_API_KEY": odoo.api_key,
            "BRIDGE_STATE_DIR": str(tmp_path / "state"),
            "OUTBOX_POLL_INTERVAL": "0.1",
            "OUTBOX_LEASE_SECONDS": "2",
            "OUTBOX_MAX_BACKOFF": "0.5",
            "ODOO_TIMEOUT": "3",
            "ODOO_RETRIES": "1",
            "TELEGRAM_TIMEOUT": "3",
            "TELEGRAM_POLLING_TIMEOUT": "1",
        }
        env.update(extra)
        return Settings.from_env(env)

    return make


@pytest.fixture
def bridge(telegram, odoo, settings_for):
    runners = []

    def start(**extra):
        runner = BridgeRunner(settings_for(telegram, odoo, **extra)).start(telegram)
        runners.append(runner)
        return runner

    yield start
    for runner in runners:
        runner.stop()
