"""Keeping the bot token, the Odoo API key and message bodies out of logs and error texts."""

import logging
import re
import threading

_lock = threading.Lock()
_secrets: set[str] = set()
MASK = "***"


def register_secret(value):
    """Remember a secret so that :func:`redact` and the logging filter hide it."""
    if value and len(value) >= 4:
        with _lock:
            _secrets.add(value)
            # A bot token is "<bot id>:<key>": the key part alone is secret too.
            if ":" in value:
                tail = value.split(":", 1)[1]
                if len(tail) >= 8:
                    _secrets.add(tail)


# Anything shaped like a bot token in a URL is hidden even when it was never registered.
_BOT_URL_RE = re.compile(r"/bot\d{3,}:[A-Za-z0-9_-]{10,}")


def redact(text):
    """Return ``text`` with every registered secret replaced by ``***``."""
    if not isinstance(text, str):
        text = str(text)
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    return _BOT_URL_RE.sub("/bot" + MASK, text)


class RedactingFilter(logging.Filter):
    """Logging filter that renders the record and hides registered secrets in it.

    It is attached to the handlers (not to loggers), so records of every library
    (httpx logs the full request URL, which holds the bot token) pass through it.
    """

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a badly formatted record: keep the raw template only
            message = str(record.msg)
        clean = redact(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        record.msg = clean
        record.args = None
        return True


# Libraries that log whole requests and answers: python-telegram-bot logs every update (the text of
# the message included, what the guard held back too) at DEBUG; httpx logs request URLs at INFO.
# They never log below these levels, whatever BRIDGE_LOG_LEVEL says.
LIBRARY_LOG_FLOORS = {
    "telegram": logging.INFO,
    "telegram.ext": logging.INFO,
    "apscheduler": logging.INFO,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
}


def _floor(name):
    for library, level in LIBRARY_LOG_FLOORS.items():
        if name == library or name.startswith(library + "."):
            return level
    return logging.NOTSET


class LibraryFloorFilter(logging.Filter):
    """Drops a library's records below its floor even when a logger of it was set lower."""

    def filter(self, record):
        return record.levelno >= _floor(record.name)


def set_log_level(level):
    """The bridge's own loggers at ``level``; the libraries' never below their floor."""
    root = logging.getLogger()
    root.setLevel(level)
    for name, floor in LIBRARY_LOG_FLOORS.items():
        logging.getLogger(name).setLevel(max(floor, root.level))


def setup_logging(level="INFO"):
    """Root logging to stderr through the redacting filter; the libraries' loggers floored."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(LibraryFloorFilter())
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    set_log_level(level)
    return handler
