"""An in-memory Odoo speaking JSON-RPC on loopback, implementing the ``coop.telegram.bridge`` facade.

It follows the contract of coop_servicedesk's facade so the bridge's own tests can run the
real client, handlers and outbox worker without a database. The cross-process tests in
tests/test_bridge_odoo.py run the same bridge against the real Odoo.
"""

import datetime
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _QuietServer(ThreadingHTTPServer):
    """Clients hanging up (a long poll cut short at shutdown) are not errors."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


class UserError(Exception):
    """Stands for odoo.exceptions.UserError (its name is what the client sees)."""


API_KEY = "0123456789abcdef0123456789abcdef01234567"


class FakeOdoo:
    def __init__(self, db="fake", login="telegram_bridge", api_key=API_KEY, max_attempts=5):
        self.db = db
        self.login = login
        self.api_key = api_key
        self.max_attempts = max_attempts
        self.lock = threading.RLock()
        self.down = False
        self.calls = []
        self.codes = {
            "ABC123": {"partner": "Иванов Иван", "email": "ivanov@example.ru", "used": False},
            # a union member (coop_union_telegram's part of the facade)
            "MEM123": {
                "partner": "Петров Пётр",
                "email": "petrov@example.ru",
                "used": False,
                "union_organization": "Первичная организация завода",
            },
        }
        self.links = {}  # chat_id -> partner dict
        self.teams = [
            {"id": 1, "name": "ИТ-поддержка", "chat": "-1001"},
            {"id": 2, "name": "Бухгалтерия", "chat": False},
        ]
        self.templates = {
            1: [{"id": 11, "name": "Не работает принтер", "description": "Укажите кабинет"}],
            2: [],
        }
        self.articles = [
            {
                "id": 5,
                "title": "Как подключить принтер",
                "summary": "Откройте Параметры → Принтеры.",
                "words": ["принтер", "печать"],
            },
            {
                "id": 6,
                "title": "Настройка печати по сети",
                "summary": "Сетевой принтер по IP.",
                "words": ["печать"],
            },
        ]
        self.emailed = []
        self.tickets = []  # dicts: id, number, name, team_id, chat_id, uid, stage, closed
        self.outbox = []  # dicts per the contract
        self.replies = []  # (ticket number, chat_id, text, update_uid) posted in a ticket's thread
        self.ratings = {}  # token -> {"chat_id", "number", "score", "feedback", "times"}
        self.appeals = []  # dicts: id, number, subject, text, chat_id, uid, organization
        self.httpd = _QuietServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    # ------------------------------------------------------------------ helpers for tests

    def queue(self, chat_id, text, kind="notification", ticket=None, rating_token=False):
        """An outbox message; ``ticket`` (a ticket dict) is the ticket it is about."""
        with self.lock:
            row = {
                "id": len(self.outbox) + 1,
                "chat_id": str(chat_id),
                "text": text,
                "state": "pending",
                "attempts": 0,
                "next_try": 0.0,
                "lease_until": 0.0,
                "claimed_by": False,
                "kind": kind,
                "rating_token": rating_token,
                "ticket_id": ticket["id"] if ticket else False,
                "message_id": False,
                "last_error": False,
            }
            self.outbox.append(row)
            return row["id"]

    def row(self, outbox_id):
        return self.outbox[outbox_id - 1]

    # ------------------------------------------------------------------ facade

    def _partner(self, chat_id):
        return self.links.get(str(chat_id))

    def link_chat(self, chat_id, code, username=False):
        entry = self.codes.get(code)
        if not entry or entry["used"]:
            return {"ok": False, "error": "Код недействителен или уже использован."}
        entry["used"] = True
        self.links[str(chat_id)] = entry
        return {"ok": True, "partner_name": entry["partner"], **self._union(entry)}

    @staticmethod
    def _union(partner):
        organization = partner and partner.get("union_organization")
        # as coop_union_telegram: the keys only for a union member
        return {"union_member": True, "union_organization": organization} if organization else {}

    def chat_info(self, chat_id):
        p = self._partner(chat_id)
        return {
            "linked": bool(p),
            "partner_name": p and p["partner"],
            "email": p and p["email"],
            "lang": "ru_RU",
            **self._union(p),
        }

    def create_appeal(self, chat_id, subject, text, consent, request_uid):
        p = self._partner(chat_id)
        if not p:
            return {"ok": False, "error": "Сначала привяжите свой аккаунт Telegram."}
        for a in self.appeals:
            if a["uid"] == request_uid:
                return {"ok": True, "id": a["id"], "number": a["number"], "subject": a["subject"]}
        if not p.get("union_organization"):
            return {"ok": False, "error": "Контакт не состоит в профсоюзе."}
        if consent is not True:
            return {"ok": False, "error": "Без согласия обращение принять нельзя."}
        aid = len(self.appeals) + 1
        appeal = {
            "id": aid,
            "number": f"ОБР-{aid:04d}",
            "subject": subject,
            "text": text,
            "chat_id": str(chat_id),
            "uid": request_uid,
            "organization": p["union_organization"],
        }
        self.appeals.append(appeal)
        return {"ok": True, "id": aid, "number": appeal["number"], "subject": subject}

    def list_teams(self, chat_id):
        return [{"id": t["id"], "name": t["name"]} for t in self.teams] if self._partner(chat_id) else []

    def list_templates(self, chat_id, team_id):
        return list(self.templates.get(team_id, [])) if self._partner(chat_id) else []

    def create_ticket(self, chat_id, team_id, template_id, description, request_uid):
        if not self._partner(chat_id):
            return {"ok": False, "error": "Чат не привязан."}
        for t in self.tickets:
            if t["uid"] == request_uid:
                return {"ok": True, "id": t["id"], "number": t["number"], "name": t["name"]}
        tid = len(self.tickets) + 1
        ticket = {
            "id": tid,
            "number": f"HD{tid:05d}",
            "name": description[:40],
            "team_id": team_id,
            "chat_id": str(chat_id),
            "uid": request_uid,
            "stage": "Новая",
            "closed": False,
            "template_id": template_id,
            "description": description,
        }
        self.tickets.append(ticket)
        team = next(t for t in self.teams if t["id"] == team_id)
        if team["chat"]:
            self.queue(team["chat"], f"Новая заявка {ticket['number']}: {ticket['name']}", kind="team_chat")
        return {"ok": True, "id": tid, "number": ticket["number"], "name": ticket["name"]}

    def my_tickets(self, chat_id):
        return [
            {"number": t["number"], "name": t["name"], "stage": t["stage"], "closed": t["closed"]}
            for t in self.tickets
            if t["chat_id"] == str(chat_id) and not t["closed"]
        ]

    def ticket_status(self, chat_id, number):
        if number == "BOOM":
            raise ValueError("facade failure")
        for t in self.tickets:
            if t["number"] == number and t["chat_id"] == str(chat_id):
                team = next(x for x in self.teams if x["id"] == t["team_id"])
                return {
                    "ok": True,
                    "number": t["number"],
                    "name": t["name"],
                    "stage": t["stage"],
                    "closed": t["closed"],
                    "team": team["name"],
                }
        return {"ok": False, "error": "Заявка не найдена."}

    def search_articles(self, chat_id, query, limit=3):
        # like the facade: each word of the query occurs in the article (ilike)
        terms = query.lower().split()
        found = [a for a in self.articles if all(any(t in w for w in a["words"]) for t in terms)]
        return [{"id": a["id"], "title": a["title"], "summary": a["summary"]} for a in found[:limit]]

    def send_article(self, chat_id, article_id):
        p = self._partner(chat_id)
        if not p:
            return {"ok": False, "error": "Чат не привязан."}
        self.emailed.append((p["email"], article_id))
        return {"ok": True, "email": p["email"]}

    def add_ticket(self, chat_id, name="Не работает принтер"):
        """A ticket of the chat's contact, as if filed by e-mail (no team chat post)."""
        tid = len(self.tickets) + 1
        ticket = {
            "id": tid,
            "number": f"HD{tid:05d}",
            "name": name,
            "team_id": 1,
            "chat_id": str(chat_id),
            "uid": f"mail-{tid}",
            "stage": "Новая",
            "closed": False,
            "template_id": False,
            "description": name,
        }
        self.tickets.append(ticket)
        return ticket

    def post_reply(self, chat_id, text, reply_to_message_id=False, number=False, update_uid=False):
        # like the facade: a UserError (in Russian) when the ticket is not the chat's
        if not self._partner(chat_id):
            raise UserError("Этот чат Telegram не привязан к контакту.")
        ticket = None
        if reply_to_message_id:
            sent = [
                r
                for r in self.outbox
                if r["chat_id"] == str(chat_id) and r["message_id"] == reply_to_message_id and r["ticket_id"]
            ]
            ticket = sent and self.tickets[sent[0]["ticket_id"] - 1]
        elif number:
            ticket = next((t for t in self.tickets if t["number"] == str(number).upper()), None)
        if not ticket or ticket["chat_id"] != str(chat_id):
            raise UserError("Такой заявки среди ваших нет.")
        if update_uid and any(r[3] == update_uid for r in self.replies):
            return {"ok": True, "number": ticket["number"], "duplicate": True}
        self.replies.append((ticket["number"], str(chat_id), text, update_uid))
        return {"ok": True, "number": ticket["number"], "duplicate": False}

    def request_rating(self, chat_id, ticket, token):
        """A closed ticket's rating request, queued as Odoo does (kind "rating" with its token)."""
        self.ratings[token] = {
            "chat_id": str(chat_id),
            "number": ticket["number"],
            "score": None,
            "feedback": None,
            "times": 0,
        }
        return self.queue(
            chat_id,
            f"Заявка {ticket['number']} выполнена. Оцените, пожалуйста, работу.",
            kind="rating",
            ticket=ticket,
            rating_token=token,
        )

    def rate_ticket(self, chat_id, token, score, feedback=False):
        rating = self.ratings.get(token)
        if not rating or rating["chat_id"] != str(chat_id):
            raise UserError("Этот запрос оценки не ваш или больше не существует.")
        if not 1 <= int(score) <= 5:
            raise UserError("Оценка — целое число от 1 до 5.")
        rating.update(score=int(score), times=rating["times"] + 1)
        if feedback:
            rating["feedback"] = feedback
        return {"ok": True, "number": rating["number"], "rating": int(score)}

    def outbox_claim(self, worker, limit=50, lease_seconds=120, per_chat=None):
        """As Odoo claims: the oldest messages of the chats nobody holds, at most ``per_chat``
        of a chat, a chat whose oldest message waits for its retry waiting with it."""
        now = time.time()
        per_chat = per_chat or limit
        out = []
        taken, closed = {}, set()  # chat -> messages taken; chats that take no more
        for row in self.outbox:
            chat = str(row["chat_id"])
            if row["state"] in ("sent", "failed") or chat in closed:
                continue
            held = row["state"] == "sending" and row["lease_until"] >= now
            if held or row["next_try"] > now:
                closed.add(chat)
                if held:  # the chat is another claim's: give back what was taken of it
                    for taken_row in [r for r in out if str(r["chat_id"]) == chat]:
                        out.remove(taken_row)
                continue
            if len(out) >= limit or taken.get(chat, 0) >= per_chat:
                closed.add(chat)
                continue
            taken[chat] = taken.get(chat, 0) + 1
            out.append(row)
        for row in out:
            row.update(state="sending", claimed_by=worker, lease_until=now + lease_seconds)
        return [
            {
                "id": row["id"],
                "chat_id": row["chat_id"],
                "text": row["text"],
                "attempts": row["attempts"],
                "kind": row["kind"],
                "rating_token": row["rating_token"],
            }
            for row in out
        ]

    def outbox_ack(self, results):
        updated = 0
        for res in results:
            row = self.row(res["id"])
            if row["state"] == "sent":
                continue
            updated += 1
            if res["ok"]:
                row.update(
                    state="sent",
                    sent_at=datetime.datetime.now().isoformat(),
                    message_id=res.get("message_id") or False,
                )
                continue
            row["attempts"] += 1
            row["last_error"] = res.get("error")
            delay = res.get("retry_after") or 2 ** row["attempts"]
            row["next_try"] = time.time() + delay
            failed = res.get("permanent") or row["attempts"] >= self.max_attempts
            row["state"] = "failed" if failed else "pending"
        return {"updated": updated}

    # ------------------------------------------------------------------ JSON-RPC

    def dispatch(self, params):
        service, method, args = params["service"], params["method"], params["args"]
        if service == "common" and method == "authenticate":
            db, login, key, _env = args
            return 2 if (db, login, key) == (self.db, self.login, self.api_key) else False
        if service != "object" or method != "execute_kw":
            raise LookupError(method)
        db, uid, key, model, fname, fargs, fkwargs = (list(args) + [{}])[:7]
        if (db, uid, key) != (self.db, 2, self.api_key) or model != "coop.telegram.bridge":
            raise PermissionError("Access Denied")
        if fname.startswith("_") or not hasattr(self, fname):
            raise LookupError(fname)
        fkwargs = dict(fkwargs or {})
        if fkwargs.pop("context", {}).get("lang") != "ru_RU":
            raise ValueError("the bridge calls Odoo in Russian")
        with self.lock:
            self.calls.append(fname)
            return getattr(self, fname)(*fargs, **(fkwargs or {}))

    def _handler(self):
        odoo = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if odoo.down:
                    self._send(503, b"Service Unavailable", "text/plain")
                    return
                req = json.loads(body)
                try:
                    payload = {"jsonrpc": "2.0", "id": req.get("id"), "result": odoo.dispatch(req["params"])}
                except PermissionError as exc:
                    payload = {
                        "jsonrpc": "2.0",
                        "id": req.get("id"),
                        "error": {
                            "code": 200,
                            "message": "Odoo Server Error",
                            "data": {"name": "odoo.exceptions.AccessDenied", "message": str(exc)},
                        },
                    }
                except Exception as exc:
                    payload = {
                        "jsonrpc": "2.0",
                        "id": req.get("id"),
                        "error": {
                            "code": 200,
                            "message": "Odoo Server Error",
                            "data": {
                                "name": "odoo.exceptions.UserError"
                                if isinstance(exc, UserError)
                                else type(exc).__name__,
                                "message": str(exc),
                            },
                        },
                    }
                self._send(200, json.dumps(payload).encode(), "application/json")

            def _send(self, status, data, ctype):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
