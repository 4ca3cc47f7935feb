"""``python -m telegram_bridge``: run the bridge with settings from the environment."""

import asyncio
import json
import logging
import sys
import time

from .app import serve
from .config import ConfigError, Settings
from .redaction import redact, set_log_level, setup_logging


def healthcheck(settings):
    """Exit status for a container healthcheck: 0 when the outbox worker beat recently."""
    limit = (
        max(120.0, 5 * settings.outbox_poll_interval) + settings.outbox_max_backoff + settings.odoo_timeout
    )
    try:
        with open(settings.heartbeat_path, encoding="utf-8") as f:
            beat = json.load(f)
        age = time.time() - float(beat["time"])
    except (OSError, ValueError, KeyError, TypeError):
        print("unhealthy: no heartbeat yet")
        return 1
    if age > limit:
        print(f"unhealthy: last heartbeat {age:.0f}s ago")
        return 1
    print(f"healthy: heartbeat {age:.0f}s ago, Odoo {'reachable' if beat.get('odoo_ok') else 'unreachable'}")
    return 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    setup_logging()
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        logging.getLogger("telegram_bridge").error("configuration error: %s", redact(str(exc)))
        return 2
    set_log_level(settings.log_level)
    if "--healthcheck" in argv:
        return healthcheck(settings)
    try:
        asyncio.run(serve(settings))
    except KeyboardInterrupt:
        pass
    except Exception as exc:
        logging.getLogger("telegram_bridge").critical(
            "bridge stopped: %s", redact(f"{type(exc).__name__}: {exc}")
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
