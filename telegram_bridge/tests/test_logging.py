"""B2: whatever BRIDGE_LOG_LEVEL says, no message body reaches the logs."""

import io
import logging

import pytest

from telegram_bridge import redaction
from telegram_bridge.__main__ import main

from .test_bot_flow import CHAT, link

LIBRARIES = ("telegram", "telegram.ext", "httpx", "httpcore", "apscheduler")
HELD_BACK = ("password: Qwerty-Secret-8841", "card 4111 1111 1111 1111")
ORDINARY = "printer ZEBRA-7731-MARKER does not print"


class _ListHandler(logging.Handler):
    """Sees every record the loggers emit, without the bridge's own filters."""

    def __init__(self):
        super().__init__(logging.NOTSET)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def logging_state():
    """Put the logging configuration back as it was (pytest's own handlers included)."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level, {n: logging.getLogger(n).level for n in LIBRARIES})
    yield
    handlers, level, levels = saved
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    for name, value in levels.items():
        logging.getLogger(name).setLevel(value)


def _configure_debug():
    """Logging set up the way ``python -m telegram_bridge`` does with BRIDGE_LOG_LEVEL=DEBUG."""
    stream = io.StringIO()
    handler = redaction.setup_logging()
    handler.setStream(stream)
    redaction.set_log_level("DEBUG")
    spy = _ListHandler()
    logging.getLogger().addHandler(spy)
    return stream, spy


def test_B2_library_loggers_never_below_info(logging_state):
    stream, spy = _configure_debug()
    assert logging.getLogger().level == logging.DEBUG
    for name in LIBRARIES:
        assert logging.getLogger(name).getEffectiveLevel() >= logging.INFO, name
    # what python-telegram-bot logs at DEBUG: the whole update, text included
    logging.getLogger("telegram.Bot").debug("Call to getUpdates returned %s", {"text": HELD_BACK[0]})
    logging.getLogger("telegram.ext.Application").debug("Processing update %s", HELD_BACK[1])
    logging.getLogger("httpcore.http11").debug("receive_response_body %s", HELD_BACK[0])
    logging.getLogger("apscheduler.scheduler").debug("job %s", HELD_BACK[0])
    # even a library logger set to DEBUG by someone else does not reach the bridge's output
    logging.getLogger("telegram.ext.Updater").setLevel(logging.DEBUG)
    try:
        logging.getLogger("telegram.ext.Updater").debug("update %s", HELD_BACK[1])
    finally:
        logging.getLogger("telegram.ext.Updater").setLevel(logging.NOTSET)
    # the bridge's own debug lines still come through, library warnings too
    logging.getLogger("telegram_bridge.handlers").debug("own debug line")
    logging.getLogger("telegram.ext.Updater").warning("network hiccup")
    output = stream.getvalue()
    assert "own debug line" in output and "network hiccup" in output
    for secret in HELD_BACK:
        assert secret not in output
    assert not [
        r
        for r in spy.records
        if r.name.startswith(("telegram.", "httpcore", "apscheduler"))
        and r.levelno < logging.INFO
        and r.name != "telegram.ext.Updater"
    ]


def test_B2_debug_bridge_logs_no_message_body(telegram, odoo, bridge, logging_state):
    stream, spy = _configure_debug()
    runner = bridge(BRIDGE_LOG_LEVEL="DEBUG")
    assert runner.settings.log_level == "DEBUG"
    link(telegram)
    for text in HELD_BACK:
        start = len(telegram.messages(CHAT))
        telegram.send_text(CHAT, text)
        telegram.wait_for(lambda m: m["text"].startswith("⛔"), chat_id=CHAT, start=start)
    start = len(telegram.messages(CHAT))
    telegram.send_text(CHAT, ORDINARY)
    telegram.wait_for(chat_id=CHAT, start=start)
    output = stream.getvalue()
    assert "guard: held back a message of chat" in output  # the capture works
    logged = output + "\n".join(spy.format(r) for r in spy.records)
    for text in (*HELD_BACK, ORDINARY, "Qwerty-Secret", "ZEBRA-7731"):
        assert text not in logged, text
    assert not [
        r
        for r in spy.records
        if r.name.split(".")[0] in ("telegram", "httpx", "httpcore") and r.levelno < logging.INFO
    ]


def test_B2_main_applies_the_floor(monkeypatch, logging_state):
    """``python -m telegram_bridge --healthcheck`` with BRIDGE_LOG_LEVEL=DEBUG: the floor is in place."""
    from .test_config import env

    for key, value in env(BRIDGE_LOG_LEVEL="DEBUG", BRIDGE_STATE_DIR="/nonexistent").items():
        monkeypatch.setenv(key, value)
    assert main(["--healthcheck"]) == 1  # no heartbeat: unhealthy, but configured
    assert logging.getLogger().level == logging.DEBUG
    assert logging.getLogger("telegram").getEffectiveLevel() == logging.INFO
    assert logging.getLogger("telegram.ext").getEffectiveLevel() == logging.INFO
    assert logging.getLogger("httpx").getEffectiveLevel() >= logging.INFO
