"""Keeping the bot token and the Odoo API key out of logs and error texts."""

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


def forget_secrets():
    with _lock:
        _secrets.clear()


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


def setup_logging(level="INFO"):
    """Root logging to stderr through the redacting filter; noisy HTTP loggers quietened."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # httpx logs every request URL at INFO; the filter would hide the token, but it is noise too.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    return handler
