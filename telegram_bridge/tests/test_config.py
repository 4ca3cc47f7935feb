import logging

import pytest

from telegram_bridge.config import ConfigError, Settings
from telegram_bridge.redaction import RedactingFilter, redact

TOKEN = "7123456789:AAHk1cQ0v9Rz_8mX2sJ4tL6yW3eP5nB7dFg"
KEY = "5f2b9c0d8e7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c"


def env(**extra):
    base = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "ODOO_URL": "http://127.0.0.1:8069/",
        "ODOO_DB": "coop",
        "ODOO_LOGIN": "telegram_bridge",
        "ODOO_API_KEY": KEY,
    }
    base.update(extra)
    return base


def test_defaults_and_urls():
    s = Settings.from_env(env())
    assert s.odoo_url == "http://127.0.0.1:8069"
    assert s.telegram_bot_url == "https://api.telegram.org/bot"
    assert s.telegram_file_url == "https://api.telegram.org/file/bot"
    assert s.outbox_poll_interval == 2.0 and s.outbox_lease_seconds == 60
    assert s.journal_path.endswith("journal.sqlite3")


def test_overrides():
    s = Settings.from_env(
        env(
            TELEGRAM_API_BASE_URL="http://127.0.0.1:9999/bot",
            OUTBOX_POLL_INTERVAL="0.2",
            OUTBOX_LEASE_SECONDS="5",
            BRIDGE_STATE_DIR="/tmp/x",
            RATE_LIMIT_PER_MINUTE="5",
        )
    )
    assert s.telegram_bot_url == "http://127.0.0.1:9999/bot"
    assert s.outbox_poll_interval == 0.2 and s.outbox_lease_seconds == 5
    assert s.journal_path == "/tmp/x/journal.sqlite3"
    assert s.rate_limit_per_minute == 5


@pytest.mark.parametrize(
    "extra,message",
    [
        ({"TELEGRAM_BOT_TOKEN": ""}, "TELEGRAM_BOT_TOKEN"),
        ({"ODOO_API_KEY": " "}, "ODOO_API_KEY"),
        ({"ODOO_URL": "ftp://odoo"}, "ODOO_URL"),
        ({"ODOO_URL": "http://admin:pw@odoo"}, "credentials"),
        ({"OUTBOX_POLL_INTERVAL": "soon"}, "OUTBOX_POLL_INTERVAL"),
        ({"OUTBOX_BATCH": "0"}, "OUTBOX_BATCH"),
        ({"TELEGRAM_BOT_TOKEN": "not-a-token-" + KEY}, "TELEGRAM_BOT_TOKEN"),
        ({"BRIDGE_LOG_LEVEL": "LOUD"}, "BRIDGE_LOG_LEVEL"),
    ],
)
def test_bad_settings(extra, message):
    with pytest.raises(ConfigError) as err:
        Settings.from_env(env(**extra))
    assert message in str(err.value)
    assert KEY not in str(err.value) and TOKEN not in str(err.value)


def test_secrets_not_in_repr():
    s = Settings.from_env(env())
    assert TOKEN not in repr(s) and KEY not in repr(s)


def test_redaction_of_logs(caplog):
    Settings.from_env(env())  # registers the secrets
    assert (
        redact(f"POST https://api.telegram.org/bot{TOKEN}/getMe")
        == "POST https://api.telegram.org/bot***/getMe"
    )
    assert KEY not in redact(f"login failed with {KEY}")
    # a token never registered, but in a Bot API URL, is hidden as well
    assert "Zz" not in redact("http://x/bot123456:Zz9Zz9Zz9Zz9Zz9Zz9/getMe")
    record = logging.LogRecord(
        "httpx", logging.INFO, __file__, 1, "HTTP Request: %s %s", ("POST", f"/bot{TOKEN}/x"), None
    )
    try:
        raise RuntimeError(f"boom {KEY}")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    assert RedactingFilter().filter(record)
    assert TOKEN not in record.getMessage() and "***" in record.getMessage()
    assert KEY not in record.exc_text


def test_bridge_roles_and_telegram_limits():
    s = Settings.from_env(env())
    assert s.poll is True and s.outbox_concurrency == 4
    assert (s.telegram_rate_overall, s.telegram_rate_chat, s.telegram_rate_group) == (28.0, 1.0, 18)
    s = Settings.from_env(env(BRIDGE_POLL="0", TELEGRAM_RATE_OVERALL="14", OUTBOX_CONCURRENCY="1"))
    assert s.poll is False and s.telegram_rate_overall == 14.0 and s.outbox_concurrency == 1
    with pytest.raises(ConfigError, match="BRIDGE_POLL must be 1 or 0"):
        Settings.from_env(env(BRIDGE_POLL="maybe"))
