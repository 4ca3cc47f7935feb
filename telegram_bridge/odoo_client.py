"""Odoo external API client (JSON-RPC over HTTP) for the bridge facade ``coop.telegram.bridge``.

The bridge logs in as a technical user with an API key in place of a password and calls only
the public methods of the facade. Network errors and 502/503/504 answers are retried with a
short backoff and then reported as :class:`OdooUnavailable`; errors Odoo raised on purpose
(AccessError, UserError ...) come back as :class:`OdooError` and are never retried.

At most ``concurrency`` calls are in Odoo at once; the others wait here, first come first
served. A crowd of chats then gets its answers one after the other as Odoo's workers free up,
instead of every request slowing down together inside Odoo (a threaded server shares one
interpreter among all of them), and the bot never takes every worker from the web users.
"""

import asyncio
import itertools
import logging

import httpx

from .backoff import capped
from .redaction import redact

_logger = logging.getLogger(__name__)

FACADE = "coop.telegram.bridge"
_RETRY_STATUS = {502, 503, 504}


class OdooError(Exception):
    """Odoo answered with an error (access denied, validation ...)."""

    def __init__(self, name, message):
        self.name = name
        self.message = redact(message)
        super().__init__(f"{name}: {self.message}")


class OdooUnavailable(Exception):
    """Odoo could not be reached (network error, timeout, 5xx) after the retries."""


class OdooClient:
    def __init__(
        self,
        url,
        db,
        login,
        api_key,
        timeout=15.0,
        retries=2,
        backoff=0.5,
        transport=None,
        lang="ru_RU",
        concurrency=None,
    ):
        self.url = url.rstrip("/") + "/jsonrpc"
        self.db = db
        self.login = login
        self._api_key = api_key
        self.retries = retries
        self.lang = lang
        self.backoff = backoff
        self.max_backoff = max(backoff, timeout)
        self._uid = None
        self._ids = itertools.count(1)
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            transport=transport,
            headers={"User-Agent": "coop-telegram-bridge"},
        )
        self._login_lock = asyncio.Lock()
        self._slots = asyncio.Semaphore(concurrency) if concurrency else None

    def __repr__(self):
        return f"<OdooClient {self.url} db={self.db} login={self.login}>"

    async def aclose(self):
        await self._client.aclose()

    async def _rpc(self, service, method, args, retries=None):
        retries = self.retries if retries is None else retries
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"service": service, "method": method, "args": args},
            "id": next(self._ids),
        }
        attempt = 0
        while True:
            try:
                # the users' language also for Odoo's request itself: a request without a
                # session otherwise asks the database for the company's language each time
                headers = {"Accept-Language": self.lang.replace("_", "-")} if self.lang else None
                if self._slots is None:
                    response = await self._client.post(self.url, json=payload, headers=headers)
                else:
                    async with self._slots:
                        response = await self._client.post(self.url, json=payload, headers=headers)
                if response.status_code in _RETRY_STATUS:
                    raise OdooUnavailable(f"Odoo answered HTTP {response.status_code}")
                if response.status_code != 200:
                    raise OdooError("HTTPError", f"Odoo answered HTTP {response.status_code}")
                data = response.json()
            except (httpx.TransportError, OdooUnavailable, ValueError) as exc:
                attempt += 1
                if attempt > retries:
                    text = exc.args[0] if isinstance(exc, OdooUnavailable) else type(exc).__name__
                    raise OdooUnavailable(redact(f"Odoo at {self.url} is unavailable: {text}")) from None
                await asyncio.sleep(capped(attempt, self.backoff, self.max_backoff))
                continue
            if data.get("error"):
                error = data["error"]
                err = error.get("data") or {}
                raise OdooError(
                    err.get("name") or "OdooError", err.get("message") or error.get("message") or ""
                )
            return data.get("result")

    async def uid(self):
        if self._uid is None:
            async with self._login_lock:
                if self._uid is None:
                    uid = await self._rpc("common", "authenticate", [self.db, self.login, self._api_key, {}])
                    if not uid:
                        raise OdooError(
                            "AccessDenied", f"Odoo refused the login {self.login!r} on database {self.db!r}"
                        )
                    self._uid = uid
        return self._uid

    async def call(self, method, *args, retries=None, **kwargs):
        """Call ``coop.telegram.bridge.<method>(*args, **kwargs)`` and return its result."""
        uid = await self.uid()
        if self.lang:
            # messages Odoo writes for the user (errors, stage names) come in the users' language
            kwargs["context"] = {"lang": self.lang}
        try:
            return await self._rpc(
                "object",
                "execute_kw",
                [self.db, uid, self._api_key, FACADE, method, list(args), kwargs],
                retries=retries,
            )
        except OdooError as exc:
            if self.lang and "language" in exc.message.lower() and self.lang in exc.message:
                # the language is not installed in this database: speak Odoo's default instead
                _logger.warning("Odoo has no language %s installed; using its default language", self.lang)
                self.lang = None
                kwargs.pop("context", None)
                return await self.call(method, *args, retries=retries, **kwargs)
            if exc.name.endswith("AccessDenied"):
                # The key was revoked or the user changed: log in again next time.
                self._uid = None
            raise
