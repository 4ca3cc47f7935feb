"""Assembling and running the bridge: the Telegram application, the Odoo client, the outbox worker.

The application is run as python-telegram-bot's ``Application.run_polling`` runs it
(initialize, ``post_init``, polling, start ... stop, ``post_stop``, shutdown, ``post_shutdown``),
on the caller's event loop and until ``stop`` is set, so that the same code serves a process
that polls Telegram and an outbox-only worker (``BRIDGE_POLL=0``). What lives beside the
handlers is started and stopped by those hooks: the outbox worker in ``post_init`` /
``post_stop``, the Odoo client and the journal closed in ``post_shutdown``.
"""

import asyncio
import logging
import signal

from telegram import BotCommand, Update
from telegram.error import Conflict, InvalidToken, NetworkError, TelegramError
from telegram.ext import Application, ApplicationBuilder
from telegram.request import HTTPXRequest

from . import texts
from .backoff import Backoff
from .handlers import BridgeHandlers
from .journal import Journal
from .odoo_client import OdooClient
from .outbox import OutboxWorker
from .processor import PerChatUpdateProcessor
from .ratelimit import BridgeRateLimiter, RateLimiter, TelegramLimits

_logger = logging.getLogger(__name__)

MAX_CONCURRENT_UPDATES = 64
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.EDITED_MESSAGE]


async def _post_init(app: Application):
    settings = app.bot_data["settings"]
    if settings.poll:
        try:
            await app.bot.set_my_commands([BotCommand(c, d) for c, d in texts.COMMANDS])
        except TelegramError as exc:
            _logger.warning("could not set the command list: %s", type(exc).__name__)
    worker = app.bot_data["worker"]
    app.bot_data["worker_task"] = asyncio.create_task(worker.run(), name="outbox-worker")


async def _post_stop(app: Application):
    worker, task = app.bot_data["worker"], app.bot_data.pop("worker_task", None)
    worker.stop()
    if task is None:
        return
    try:
        await asyncio.wait_for(task, timeout=app.bot_data["settings"].odoo_timeout + 5)
    except (asyncio.TimeoutError, asyncio.CancelledError):
        task.cancel()
    except Exception:
        _logger.exception("outbox worker ended with an error")


async def _post_shutdown(app: Application):
    await app.bot_data["odoo"].aclose()
    app.bot_data["journal"].close()


def build_application(settings, odoo=None) -> Application:
    """The PTB application with every handler; the Odoo client, journal and outbox worker in bot_data."""
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
    limits = TelegramLimits(
        overall=settings.telegram_rate_overall,
        per_chat=settings.telegram_rate_chat,
        per_group=settings.telegram_rate_group,
    )
    app = (
        ApplicationBuilder()
        .token(settings.bot_token)
        .base_url(settings.telegram_bot_url)
        .base_file_url(settings.telegram_file_url)
        .request(request)
        .get_updates_request(updates_request)
        .rate_limiter(BridgeRateLimiter(limits))
        .concurrent_updates(PerChatUpdateProcessor(MAX_CONCURRENT_UPDATES))
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
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
        concurrency=settings.odoo_concurrency,
    )
    journal = Journal(settings.journal_path, scope=settings.odoo_db)
    worker = OutboxWorker(
        app.bot,
        odoo,
        journal,
        settings.worker_name,
        limits=limits,
        batch=settings.outbox_batch,
        lease=settings.outbox_lease_seconds,
        concurrency=settings.outbox_concurrency,
        poll_interval=settings.outbox_poll_interval,
        max_backoff=settings.outbox_max_backoff,
        retry_delay=settings.outbox_retry_delay,
        heartbeat_path=settings.heartbeat_path,
    )
    BridgeHandlers(odoo, RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)).register(app)
    app.bot_data.update(settings=settings, odoo=odoo, journal=journal, worker=worker, limits=limits)
    return app


def _polling_error(exc):
    """Errors of the polling loop (it retries by itself); a second poller is named as such."""
    if isinstance(exc, Conflict):
        _logger.error(
            "another process polls this bot (409 Conflict): exactly one bridge may run with "
            "BRIDGE_POLL=1, the others with BRIDGE_POLL=0"
        )
    else:
        _logger.warning("polling Telegram failed: %s; retrying", type(exc).__name__)


async def _initialize(app, stop, backoff):
    """app.initialize() (getMe) until Telegram answers; a wrong token stops at once."""
    while not stop.is_set():
        try:
            await app.initialize()
            return True
        except InvalidToken:
            raise
        except (NetworkError, TelegramError) as exc:
            pause = backoff.next()
            _logger.warning(
                "Telegram is not reachable yet (%s); retrying in %.0fs", type(exc).__name__, pause
            )
            try:
                await asyncio.wait_for(stop.wait(), timeout=pause)
            except asyncio.TimeoutError:
                pass
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
    try:
        if not await _initialize(app, stop, Backoff(1.0, 30.0)):
            return
        await app.post_init(app)
        if settings.poll:
            await app.updater.start_polling(
                poll_interval=0.0,
                timeout=settings.polling_timeout,
                bootstrap_retries=-1,
                allowed_updates=ALLOWED_UPDATES,
                drop_pending_updates=False,
                error_callback=_polling_error,
            )
        await app.start()
        _logger.info(
            "bridge running (%s): Odoo %s db %s, Telegram %s",
            "polling Telegram and draining the outbox" if settings.poll else "outbox only, not polling",
            settings.odoo_url,
            settings.odoo_db,
            settings.telegram_api_base_url,
        )
        await stop.wait()
        _logger.info("bridge stopping")
    finally:
        if app.updater and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.post_stop(app)  # the outbox worker, also when start() was never reached
        try:
            await app.shutdown()
        except Exception:  # shutdown after a failed initialize
            pass
        await app.post_shutdown(app)
