"""Settings of the bridge, read from the environment.

Required: TELEGRAM_BOT_TOKEN, ODOO_URL, ODOO_DB, ODOO_LOGIN, ODOO_API_KEY.
Everything else has a default; see config/bridge.env.example.
"""

import dataclasses
import os
import socket
from urllib.parse import urlparse

from .redaction import register_secret


class ConfigError(ValueError):
    """A missing or malformed setting; the text never contains a secret value."""


def _number(env, name, default, minimum, kind, what):
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigError(f"{name} must be {what}, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}")
    return value


def _int(env, name, default, minimum=0):
    return _number(env, name, default, minimum, int, "an integer")


def _float(env, name, default, minimum=0.0):
    return _number(env, name, default, minimum, float, "a number")


def _bool(env, name, default):
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be 1 or 0, got {raw!r}")


def _url(env, name, default=None):
    raw = env.get(name, "").strip() or default
    if not raw:
        raise ConfigError(f"{name} is required")
    parsed = urlparse(raw)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(f"{name} must be an http(s) URL")
    if parsed.username or parsed.password:
        raise ConfigError(f"{name} must not contain credentials")
    return raw.rstrip("/")


@dataclasses.dataclass(frozen=True)
class Settings:
    bot_token: str = dataclasses.field(repr=False)
    odoo_url: str
    odoo_db: str
    odoo_login: str
    odoo_api_key: str = dataclasses.field(repr=False)
    telegram_api_base_url: str = "https://api.telegram.org"
    state_dir: str = ".local/telegram_bridge"
    outbox_poll_interval: float = 2.0
    outbox_batch: int = 50
    outbox_lease_seconds: int = 60
    outbox_concurrency: int = 4
    outbox_max_backoff: float = 60.0
    outbox_retry_delay: int = 0
    odoo_timeout: float = 15.0
    odoo_retries: int = 2
    odoo_concurrency: int = 4
    odoo_lang: str = "ru_RU"
    telegram_timeout: float = 10.0
    polling_timeout: int = 10
    rate_limit_per_minute: int = 30
    rate_limit_burst: int = 15
    worker_name: str = ""
    log_level: str = "INFO"
    poll: bool = True
    telegram_rate_overall: float = 28.0
    telegram_rate_chat: float = 1.0
    telegram_rate_group: int = 18

    @property
    def telegram_bot_url(self):
        return self.telegram_api_base_url + "/bot"

    @property
    def telegram_file_url(self):
        return self.telegram_api_base_url + "/file/bot"

    @property
    def heartbeat_path(self):
        # one file per host (container): bridges sharing the state volume each report their own
        return os.path.join(self.state_dir, f"heartbeat-{socket.gethostname()}.json")

    @property
    def journal_path(self):
        return os.path.join(self.state_dir, "journal.sqlite3")

    @classmethod
    def from_env(cls, env=None):
        env = os.environ if env is None else env
        missing = [
            name
            for name in ("TELEGRAM_BOT_TOKEN", "ODOO_URL", "ODOO_DB", "ODOO_LOGIN", "ODOO_API_KEY")
            if not env.get(name, "").strip()
        ]
        if missing:
            raise ConfigError("missing settings: " + ", ".join(missing))
        token = env["TELEGRAM_BOT_TOKEN"].strip()
        api_key = env["ODOO_API_KEY"].strip()
        # Registered before any validation can fail, so no later message can carry them.
        register_secret(token)
        register_secret(api_key)
        if ":" not in token or not token.split(":", 1)[0].isdigit():
            raise ConfigError("TELEGRAM_BOT_TOKEN does not look like a bot token (<digits>:<key>)")
        base = _url(env, "TELEGRAM_API_BASE_URL", "https://api.telegram.org")
        if base.endswith("/bot"):
            base = base[: -len("/bot")]
        level = env.get("BRIDGE_LOG_LEVEL", "INFO").strip().upper() or "INFO"
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
            raise ConfigError("BRIDGE_LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return cls(
            bot_token=token,
            odoo_url=_url(env, "ODOO_URL"),
            odoo_db=env["ODOO_DB"].strip(),
            odoo_login=env["ODOO_LOGIN"].strip(),
            odoo_api_key=api_key,
            telegram_api_base_url=base,
            state_dir=env.get("BRIDGE_STATE_DIR", "").strip() or ".local/telegram_bridge",
            outbox_poll_interval=_float(env, "OUTBOX_POLL_INTERVAL", 2.0, 0.05),
            outbox_batch=_int(env, "OUTBOX_BATCH", 50, 1),
            outbox_lease_seconds=_int(env, "OUTBOX_LEASE_SECONDS", 60, 1),
            outbox_concurrency=_int(env, "OUTBOX_CONCURRENCY", 4, 1),
            outbox_max_backoff=_float(env, "OUTBOX_MAX_BACKOFF", 60.0, 0.1),
            outbox_retry_delay=_int(env, "OUTBOX_RETRY_DELAY", 0, 0),
            odoo_timeout=_float(env, "ODOO_TIMEOUT", 15.0, 0.1),
            odoo_retries=_int(env, "ODOO_RETRIES", 2, 0),
            odoo_concurrency=_int(env, "ODOO_CONCURRENCY", 4, 1),
            odoo_lang=env.get("ODOO_LANG", "ru_RU").strip(),
            telegram_timeout=_float(env, "TELEGRAM_TIMEOUT", 10.0, 0.1),
            polling_timeout=_int(env, "TELEGRAM_POLLING_TIMEOUT", 10, 0),
            rate_limit_per_minute=_int(env, "RATE_LIMIT_PER_MINUTE", 30, 1),
            rate_limit_burst=_int(env, "RATE_LIMIT_BURST", 15, 1),
            worker_name=env.get("BRIDGE_WORKER_NAME", "").strip()
            or f"bridge@{socket.gethostname()}:{os.getpid()}",
            log_level=level,
            poll=_bool(env, "BRIDGE_POLL", True),
            telegram_rate_overall=_float(env, "TELEGRAM_RATE_OVERALL", 28.0, 0.1),
            telegram_rate_chat=_float(env, "TELEGRAM_RATE_CHAT", 1.0, 0.01),
            telegram_rate_group=_int(env, "TELEGRAM_RATE_GROUP", 18, 1),
        )
