"""Assembling and running the bridge: the Telegram application, the Odoo client, the outbox worker."""

import asyncio
import logging
import signal

from telegram import BotCommand, Update
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application, ApplicationBuilder
from telegram.request import HTTPXRequest

from . import texts
from .handlers import BridgeHandlers
from .journal import Journal
from .odoo_client import OdooClient
from .outbox import OutboxWorker
from .ratelimit import RateLimiter

_logger = logging.getLogger(__name__)


def build_application(settings, odoo=None) -> Application:
    """The PTB application with every handler, plus the Odoo client and outbox worker in bot_data."""
    request = HTTPXRequest(
        connection_pool_size=64,
        read_timeout=settings.telegram_timeout,
        write_timeout=settings.telegram_timeout,
        connect_timeout=min(settings.telegram_timeout, 5.0),
        pool_timeout=settings.telegram_timeout,
    )
    updates_request = HTTPXRequest(
        connection_pool_size=2,
        read_timeout=settings.polling_timeout + settings.telegram_timeout,
        connect_timeout=min(settings.telegram_timeout, 5.0),
    )
    app = (
        ApplicationBuilder()
        .token(settings.bot_token)
        .base_url(settings.telegram_bot_url)
        .base_file_url(settings.telegram_file_url)
        .request(request)
        .get_updates_request(updates_request)
        .concurrent_updates(64)
        .build()
    )
    odoo = odoo or OdooClient(
        settings.odoo_url,
        settings.odoo_db,
        settings.odoo_login,
        settings.odoo_api_key,
        timeout=settings.odoo_timeout,
        retries=settings.odoo_retries,
        lang=settings.odoo_lang,
    )
    journal = Journal(settings.journal_path, scope=settings.odoo_db)
    worker = OutboxWorker(
        app.bot,
        odoo,
        journal,
        settings.worker_name,
        batch=settings.outbox_batch,
        lease=settings.outbox_lease_seconds,
        poll_interval=settings.outbox_poll_interval,
        max_backoff=settings.outbox_max_backoff,
        retry_delay=settings.outbox_retry_delay,
        heartbeat_path=settings.heartbeat_path,
    )
    handlers = BridgeHandlers(
        odoo, RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst), worker=worker
    )
    handlers.register(app)
    app.bot_data.update(odoo=odoo, journal=journal, worker=worker)
    return app


async def _initialize(app, stop, pause=1.0, max_pause=30.0):
    """app.initialize() (getMe) until Telegram answers; a wrong token stops at once."""
    while not stop.is_set():
        try:
            await app.initialize()
            return True
        except InvalidToken:
            raise
        except (NetworkError, TelegramError) as exc:
            _logger.warning(
                "Telegram is not reachable yet (%s); retrying in %.0fs", type(exc).__name__, pause
            )
            try:
                await asyncio.wait_for(stop.wait(), timeout=pause)
            except asyncio.TimeoutError:
                pass
            pause = min(max_pause, pause * 2)
    return False


async def serve(settings, stop=None):
    """Run the bridge until ``stop`` is set (or SIGINT/SIGTERM)."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError, ValueError):
            pass
    app = build_application(settings)
    odoo, journal, worker = app.bot_data["odoo"], app.bot_data["journal"], app.bot_data["worker"]
    worker_task = None
    try:
        if not await _initialize(app, stop):
            return
        try:
            await app.bot.set_my_commands([BotCommand(c, d) for c, d in texts.COMMANDS])
        except TelegramError as exc:
            _logger.warning("could not set the command list: %s", type(exc).__name__)
        await app.start()
        await app.updater.start_polling(
            poll_interval=0.0,
            timeout=settings.polling_timeout,
            bootstrap_retries=-1,
            allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY, Update.EDITED_MESSAGE],
            drop_pending_updates=False,
        )
        worker_task = asyncio.create_task(worker.run(), name="outbox-worker")
        _logger.info(
            "bridge running: Odoo %s db %s, Telegram %s",
            settings.odoo_url,
            settings.odoo_db,
            settings.telegram_api_base_url,
        )
        await stop.wait()
        _logger.info("bridge stopping")
    finally:
        worker.stop()
        if worker_task is not None:
            try:
                await asyncio.wait_for(worker_task, timeout=settings.odoo_timeout + 5)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                worker_task.cancel()
            except Exception:
                _logger.exception("outbox worker ended with an error")
        if app.updater and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        try:
            await app.shutdown()
        except Exception:  # shutdown after a failed initialize
            pass
        await odoo.aclose()
        journal.close()
