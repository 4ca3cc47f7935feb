"""``python -m telegram_bridge``: run the bridge with settings from the environment."""

import asyncio
import logging
import sys

from .app import serve
from .config import ConfigError, Settings
from .redaction import redact, setup_logging


def main():
    setup_logging()
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        logging.getLogger("telegram_bridge").error("configuration error: %s", redact(str(exc)))
        return 2
    logging.getLogger().setLevel(settings.log_level)
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
