"""A local stand-in for the Telegram Bot API, speaking its real HTTP protocol on loopback.

The bridge is pointed at it with TELEGRAM_API_BASE_URL and runs unpatched. Tests inject
updates (messages, button presses), read what the bot sent, and make the server answer
429 (with parameters.retry_after) or 5xx for the next calls of a method.

Like Telegram, it enforces a bot's limits on the messages it posts (sendMessage and the other
send* methods, copy/forward, editMessageText): about 30 a second overall, one a second per
private chat with short bursts tolerated, 20 a minute per group chat (token buckets, see
LIMITS; an edit counts against the overall limit only). A message over a limit is refused with HTTP 429, ``{"ok": false, "error_code": 429,
"description": "Too Many Requests: retry after N", "parameters": {"retry_after": N}}``, and
listed in ``rejected``. And as Telegram does, a getUpdates call ends the one still waiting with
409 Conflict (two processes polling for one bot), counted in ``conflicts``.

    server = FakeTelegram(token).start()
    server.send_text(chat_id, "/start")
    msg = server.wait_for(lambda m: "Здравствуйте" in m["text"], chat_id=chat_id)
"""

import itertools
import json
import math
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlparse


class _QuietServer(ThreadingHTTPServer):
    """Clients hanging up (a long poll cut short at shutdown) are not errors."""

    daemon_threads = True
    # a bot keeps dozens of connections open at once (python-telegram-bot's pool); the
    # socketserver default backlog of 5 would reset the surplus under a burst, which
    # Telegram's servers never do
    request_queue_size = 256

    def handle_error(self, request, client_address):
        pass


BOT_ID = 7000000001

# (messages a second, burst) per kind of limit
LIMITS = {"overall": (30.0, 30), "private": (1.0, 5), "group": (20 / 60.0, 20)}
LIMITED_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendAudio",
        "sendVideo",
        "sendVoice",
        "sendAnimation",
        "sendSticker",
        "sendLocation",
        "sendContact",
        "sendPoll",
        "sendMediaGroup",
        "copyMessage",
        "forwardMessage",
        "editMessageText",
    }
)
CHAT_LIMITED_METHODS = LIMITED_METHODS - {"editMessageText"}  # an edit adds no message to the chat


class _Bucket:
    def __init__(self, rate, burst, now):
        self.rate, self.burst, self.tokens, self.last = rate, float(burst), float(burst), now

    def wait(self, now):
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        return 0.0 if self.tokens >= 1.0 else (1.0 - self.tokens) / self.rate


class FakeTelegram:
    def __init__(self, token, host="127.0.0.1", port=0, username="coop_desk_bot"):
        self.token = token
        self.username = username
        self._cond = threading.Condition()
        self._updates = []  # pending updates, each with update_id
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self.sent = []  # every message the bot sent: dict(chat_id, text, reply_markup, message_id)
        self.edits = []
        self.deleted = []
        self.answers = []  # answerCallbackQuery calls
        self.calls = []  # (method, params) of every call
        self._failures = {}  # method -> list of (status, retry_after, description)
        self.hooks = []  # callables(method, params) run before answering (tests may block there)
        self._local = threading.local()
        self.accept_until = None
        self.limits_enabled = True
        self._buckets = {}
        self.rejected = []  # (method, chat_id, retry_after) of every message refused by a limit
        self.log = []  # dict(method, chat_id, peer, status, ts) of every call
        self._poll_seq = 0
        self.conflicts = 0
        handler = self._make_handler()
        self.httpd = _QuietServer((host, port), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://{host}:{self.port}"
        self._thread = None

    # ------------------------------------------------------------------ lifecycle

    def start(self):
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="fake-telegram", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        with self._cond:
            self._cond.notify_all()
        self.httpd.shutdown()
        self.httpd.server_close()

    # ------------------------------------------------------------------ test controls

    def fail_next(self, method, count=1, status=429, retry_after=1, description=None):
        """The next ``count`` calls of ``method`` answer with an error instead of working.

        ``status`` 429 answers with parameters.retry_after; 0 drops the connection unanswered
        (Telegram unreachable); anything else is an HTTP error with that status."""
        with self._cond:
            self._failures.setdefault(method, []).extend([(status, retry_after, description)] * count)

    def _user(self, chat_id, username=None):
        return {
            "id": int(chat_id),
            "is_bot": False,
            "first_name": "Тест",
            "username": username or f"user{chat_id}",
        }

    def _chat(self, chat_id):
        chat_id = int(chat_id)
        if chat_id < 0:
            return {"id": chat_id, "type": "supergroup", "title": "Команда"}
        return {"id": chat_id, "type": "private", "first_name": "Тест"}

    def inject(self, update):
        with self._cond:
            update["update_id"] = next(self._update_ids)
            self._updates.append(update)
            self._cond.notify_all()
        return update["update_id"]

    def send_text(self, chat_id, text, username=None, reply_to=None, message_id=None):
        """A user writes ``text`` to the bot (commands included); ``reply_to``: a message the bot
        sent (a dict of ``sent``) this one replies to; ``message_id``: the same message delivered
        again (a redelivered update)."""
        message = {
            "message_id": message_id or next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self._user(chat_id, username),
            "text": text,
        }
        if reply_to is not None:
            message["reply_to_message"] = {
                "message_id": reply_to["message_id"],
                "date": int(time.time()),
                "chat": self._chat(chat_id),
                "from": self._bot_user(),
                "text": reply_to.get("text") or "",
            }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self.inject({"message": message})

    def press(self, chat_id, data, message=None):
        """A user presses an inline button with callback ``data`` (under the bot's ``message``)."""
        message = message or {"message_id": next(self._message_ids), "chat_id": chat_id, "text": ""}
        return self.inject(
            {
                "callback_query": {
                    "id": str(next(self._update_ids) * 7),
                    "from": self._user(chat_id),
                    "chat_instance": str(chat_id),
                    "data": data,
                    "message": {
                        "message_id": message["message_id"],
                        "date": int(time.time()),
                        "chat": self._chat(chat_id),
                        "from": self._bot_user(),
                        "text": message.get("text") or "",
                    },
                }
            }
        )

    def messages(self, chat_id=None):
        with self._cond:
            return [m for m in self.sent if chat_id is None or str(m["chat_id"]) == str(chat_id)]

    def wait_for(self, predicate=None, chat_id=None, timeout=30.0, start=0, what="a message"):
        """Wait for a sent message (index >= start among this chat's messages) matching ``predicate``."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [m for m in self.sent if chat_id is None or str(m["chat_id"]) == str(chat_id)]
                for m in found[start:]:
                    if predicate is None or predicate(m):
                        return m
                left = deadline - time.monotonic()
                if left <= 0:
                    texts = [m["text"][:120] for m in found[-8:]]
                    raise AssertionError(
                        f"no {what} for chat {chat_id} in {timeout}s; last messages: {texts}"
                    )
                self._cond.wait(min(left, 0.5))

    def buttons(self, message):
        """Flat list of (text, callback_data) of a sent message's inline keyboard."""
        markup = message.get("reply_markup") or {}
        return [(b["text"], b.get("callback_data")) for row in markup.get("inline_keyboard", []) for b in row]

    def peer(self):
        """(host, port) of the client whose call a hook is looking at."""
        return getattr(self._local, "peer", None)

    def pending_updates(self):
        with self._cond:
            return len(self._updates)

    # ------------------------------------------------------------------ protocol

    def _bot_user(self):
        return {"id": BOT_ID, "is_bot": True, "first_name": "Сервис-деск", "username": self.username}

    def _message(self, chat_id, text, reply_markup=None, message_id=None):
        msg = {
            "message_id": message_id or next(self._message_ids),
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self._bot_user(),
            "text": text,
        }
        if reply_markup and "inline_keyboard" in reply_markup:
            # as Telegram: a sent message carries its inline keyboard only (a reply keyboard
            # belongs to the chat, not to the message)
            msg["reply_markup"] = reply_markup
        return msg

    def _over_limit(self, method, params):
        """Seconds to wait when this message exceeds one of the bot's limits, else 0 (and it counts)."""
        chat = params.get("chat_id")
        if not self.limits_enabled or method not in LIMITED_METHODS or chat is None:
            return 0
        now = time.monotonic()
        try:
            kind = "group" if int(chat) < 0 else "private"
        except (TypeError, ValueError):
            kind = "group"
        buckets = [("overall", None)]
        if method in CHAT_LIMITED_METHODS:
            buckets.append((kind, str(chat)))
        found = []
        for name, key in buckets:
            bucket = self._buckets.get((name, key))
            if bucket is None:
                bucket = self._buckets[(name, key)] = _Bucket(*LIMITS[name], now)
            found.append(bucket)
        wait = max(b.wait(now) for b in found)
        if wait > 0:
            return max(1, math.ceil(wait))
        for bucket in found:
            bucket.tokens -= 1.0
        return 0

    def _get_updates(self, params):
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + min(timeout, 5.0)
        with self._cond:
            self._poll_seq += 1
            mine = self._poll_seq
            self._cond.notify_all()
            while True:
                if self._poll_seq != mine:  # a newer getUpdates call ends this one
                    self.conflicts += 1
                    return None
                # Updates below the offset are confirmed by the client: forget them.
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                if self._updates or time.monotonic() >= deadline:
                    return self._updates[:limit]
                self._cond.wait(max(0.01, deadline - time.monotonic()))

    def handle(self, method, params, peer=None):
        """Returns (status, payload) for one Bot API call; ``peer`` is the client's (host, port)."""
        self._local.peer = peer
        for hook in list(self.hooks):
            hook(method, params)
        status, payload = self._handle(method, params)
        with self._cond:
            self.log.append(
                {
                    "method": method,
                    "chat_id": params.get("chat_id"),
                    "peer": peer,
                    "status": status,
                    "ts": time.monotonic(),
                }
            )
        return status, payload

    def _handle(self, method, params):
        with self._cond:
            self.calls.append((method, params))
            failures = self._failures.get(method)
            if failures:
                status, retry_after, description = failures.pop(0)
                if status == 429:
                    return 429, {
                        "ok": False,
                        "error_code": 429,
                        "description": description or f"Too Many Requests: retry after {retry_after}",
                        "parameters": {"retry_after": retry_after},
                    }
                if status == 0:  # the connection is dropped without an answer
                    return 0, None
                return status, {
                    "ok": False,
                    "error_code": status,
                    "description": description or "Internal Server Error",
                }
        if method == "getUpdates":
            updates = self._get_updates(params)
            if updates is None:
                return 409, {
                    "ok": False,
                    "error_code": 409,
                    "description": "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                }
            return 200, {"ok": True, "result": updates}
        with self._cond:
            retry_after = self._over_limit(method, params)
            if retry_after:
                self.rejected.append((method, str(params.get("chat_id")), retry_after))
                return 429, {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {retry_after}",
                    "parameters": {"retry_after": retry_after},
                }
            result = self._answer(method, params)
            self._cond.notify_all()
        if result is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
        return 200, {"ok": True, "result": result}

    def _answer(self, method, params):
        if method == "getMe":
            return self._bot_user() | {
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        if method in (
            "deleteWebhook",
            "setMyCommands",
            "deleteMyCommands",
            "close",
            "logOut",
            "setChatMenuButton",
            "sendChatAction",
        ):
            return True
        if method == "getWebhookInfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": len(self._updates)}
        if method == "sendMessage":
            msg = self._message(params["chat_id"], params.get("text", ""), params.get("reply_markup"))
            self.sent.append(
                {
                    "chat_id": str(params["chat_id"]),
                    "text": msg["text"],
                    "reply_markup": params.get("reply_markup"),
                    "message_id": msg["message_id"],
                    "ts": time.monotonic(),
                }
            )
            return msg
        if method == "answerCallbackQuery":
            self.answers.append(params)
            return True
        if method == "editMessageText":
            self.edits.append(params)
            self.sent.append(
                {
                    "chat_id": str(params.get("chat_id")),
                    "text": params.get("text", ""),
                    "reply_markup": params.get("reply_markup"),
                    "message_id": params.get("message_id"),
                    "edit": True,
                    "ts": time.monotonic(),
                }
            )
            return self._message(
                params.get("chat_id"),
                params.get("text", ""),
                params.get("reply_markup"),
                message_id=params.get("message_id"),
            )
        if method == "editMessageReplyMarkup":
            self.edits.append(params)
            return self._message(
                params.get("chat_id"), "", params.get("reply_markup"), message_id=params.get("message_id")
            )
        if method == "deleteMessage":
            self.deleted.append(params)
            return True
        return None

    def _make_handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _params(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                ctype = self.headers.get("Content-Type", "")
                params = {}
                if "application/json" in ctype and body:
                    params = json.loads(body)
                elif body:
                    params = dict(parse_qsl(body.decode(), keep_blank_values=True))
                params.update(dict(parse_qsl(urlparse(self.path).query)))
                # PTB sends complex values (reply_markup, entities ...) JSON-encoded in form fields.
                for key, value in list(params.items()):
                    if isinstance(value, str) and value[:1] in "{[":
                        try:
                            params[key] = json.loads(value)
                        except ValueError:
                            pass
                return params

            def _reply(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _route(self):
                path = urlparse(self.path).path
                prefix = f"/bot{server.token}/"
                if not path.startswith(prefix):
                    self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
                    return
                method = path[len(prefix) :]
                status, payload = server.handle(method, self._params(), peer=self.client_address)
                if status == 0:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self._reply(status, payload)

            do_POST = _route
            do_GET = _route

        return Handler
