"""The bridge process against a real Odoo (coop_servicedesk) and the fake Telegram Bot API.

Odoo runs on a free port with a throw-away database (fixtures in conftest.py); the bridge is
started as ``python -m telegram_bridge`` with settings in its environment and runs unpatched.
"""

import re
import threading
import time

from telegram_bridge import texts

TEAM_NAME = "ИТ-поддержка (мост)"
TEAM_CHAT = "-100777"


def wait_until(predicate, timeout=30.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def posts(telegram, chat, needle, start=0):
    """Messages (not edits) sent to ``chat`` (from index ``start`` on) that contain ``needle``."""
    return [m for m in telegram.messages(chat)[start:] if needle in m["text"] and not m.get("edit")]


def link(telegram, chat, person):
    telegram.send_text(chat, f"/link {person['code']}")
    telegram.wait_for(
        lambda m: m["text"] == texts.LINK_OK.format(name=person["name"]),
        chat_id=chat,
        what="link confirmation",
    )


def new_ticket(telegram, chat, description, template=True):
    """Walk the /new dialog; returns (ticket number, request uid)."""
    start = len(telegram.messages(chat))
    telegram.send_text(chat, "/new")
    teams = telegram.wait_for(lambda m: m["text"] == texts.NEW_CHOOSE_TEAM, chat_id=chat, start=start)
    team_data = next(data for label, data in telegram.buttons(teams) if label == TEAM_NAME)
    telegram.press(chat, team_data, teams)
    tpl = telegram.wait_for(
        lambda m: m["text"].startswith(f"Команда: {TEAM_NAME}\nВыберите"), chat_id=chat, start=start
    )
    buttons = telegram.buttons(tpl)
    if template:
        data = next(d for label, d in buttons if label == "Не работает принтер")
    else:
        data = next(d for label, d in buttons if label == texts.NEW_NO_TEMPLATE_BUTTON)
    telegram.press(chat, data, tpl)
    telegram.wait_for(lambda m: texts.NEW_ASK_DESCRIPTION in m["text"], chat_id=chat, start=start)
    telegram.send_text(chat, description)
    confirm = telegram.wait_for(lambda m: m["text"].startswith("Проверьте заявку"), chat_id=chat, start=start)
    ok_data = telegram.buttons(confirm)[0][1]
    telegram.press(chat, ok_data, confirm)
    done = telegram.wait_for(
        lambda m: m["text"].startswith("Заявка "), chat_id=chat, start=start, what="ticket number"
    )
    number = re.match(r"Заявка (\S+) создана", done["text"]).group(1)
    return number, ok_data.split(":", 1)[1]


def ticket_by_number(odoo, number):
    """The ticket the bot's request became: the answer comes once the request is recorded with
    its number, the ticket a moment later from the registration job (here: the outbox's claims)."""
    fields = ["id", "partner_id", "team_id", "channel_id", "coop_bridge_request_uid", "stage_id"]
    found = []
    wait_until(
        lambda: found.extend(odoo.admin("helpdesk.ticket", "search_read", [("number", "=", number)], fields=fields))
        or found,
        what=f"ticket {number} registered",
    )
    assert len(found) == 1, found
    return found[0]


def outbox_rows(odoo, ticket_id):
    return odoo.admin(
        "coop.telegram.outbox",
        "search_read",
        [("ticket_id", "=", ticket_id)],
        fields=["chat_id", "state", "attempts", "kind", "text"],
        order="id",
    )


def test_link_and_knowledge_base(odoo_server, telegram, bridge_process):
    person = odoo_server.data["people"][0]
    bridge_process()
    chat = 91001
    telegram.send_text(chat, "/start")
    telegram.wait_for(lambda m: m["text"] == texts.START_UNLINKED, chat_id=chat)
    # unlinked chats may read the knowledge base, nothing is emailed
    telegram.send_text(chat, "Как подключить принтер?")
    telegram.wait_for(lambda m: m["text"].startswith("📖 Как подключить сетевой принтер"), chat_id=chat)
    telegram.wait_for(lambda m: m["text"] == texts.KB_LINK_FOR_EMAIL, chat_id=chat)
    telegram.send_text(chat, "/new")
    telegram.wait_for(lambda m: m["text"] == texts.NOT_LINKED, chat_id=chat)
    # a wrong code, then the right one; the code cannot be used twice
    telegram.send_text(chat, "/link ZZZZ2222")
    telegram.wait_for(lambda m: m["text"].startswith("Не удалось привязать аккаунт"), chat_id=chat)
    link(telegram, chat, person)
    telegram.send_text(chat + 1, f"/link {person['code']}")
    telegram.wait_for(lambda m: m["text"].startswith("Не удалось привязать аккаунт"), chat_id=chat + 1)
    telegram.send_text(chat, "/start")
    telegram.wait_for(lambda m: m["text"].startswith(f"Здравствуйте, {person['name']}!"), chat_id=chat)
    # linked: the summary here, the full article to the work email
    start = len(telegram.messages(chat))
    telegram.send_text(chat, "не могу подключить принтер")
    telegram.wait_for(
        lambda m: m["text"].startswith("📖 Как подключить сетевой принтер"), chat_id=chat, start=start
    )
    telegram.wait_for(
        lambda m: m["text"] == texts.KB_SENT.format(email=person["email"]), chat_id=chat, start=start
    )
    mails = odoo_server.admin(
        "mail.mail", "search_read", [("email_to", "=", person["email"])], fields=["subject"]
    )
    assert [m["subject"] for m in mails] == ["Как подключить сетевой принтер"]
    # no answer: a request is offered
    telegram.send_text(chat, "в переговорной сломался кондиционер")
    msg = telegram.wait_for(lambda m: m["text"] == texts.KB_NOT_FOUND, chat_id=chat)
    assert telegram.buttons(msg) == [(texts.KB_OPEN_TICKET_BUTTON, "new")]


def test_ticket_dialog_and_notifications(odoo_server, telegram, bridge_process):
    person = odoo_server.data["people"][1]
    bridge_process()
    chat = 92001
    link(telegram, chat, person)
    # the guard holds a description with a password back; nothing reaches Odoo
    telegram.send_text(chat, "/new")
    teams = telegram.wait_for(lambda m: m["text"] == texts.NEW_CHOOSE_TEAM, chat_id=chat)
    assert (TEAM_NAME, f"t:{odoo_server.data['team_id']}") in telegram.buttons(teams)
    telegram.send_text(chat, "/cancel")
    telegram.wait_for(lambda m: m["text"] == texts.NEW_CANCELLED, chat_id=chat)
    number, uid = new_ticket(telegram, chat, "Принтер HP в кабинете 405 не печатает, горит красная лампа")
    ticket = ticket_by_number(odoo_server, number)
    assert ticket["partner_id"][0] == person["partner_id"]
    assert ticket["team_id"][0] == odoo_server.data["team_id"]
    assert ticket["coop_bridge_request_uid"] == uid
    assert "telegram" in ticket["channel_id"][1].lower()
    # the team chat gets the new ticket through the outbox
    wait_until(lambda: posts(telegram, TEAM_CHAT, number), what="team chat post")
    # /my and /status show it
    telegram.send_text(chat, "/my")
    telegram.wait_for(lambda m: m["text"].startswith(texts.MY_HEADER) and number in m["text"], chat_id=chat)
    telegram.send_text(chat, f"/status {number}")
    telegram.wait_for(
        lambda m: m["text"].startswith(f"Заявка {number}:") and TEAM_NAME in m["text"], chat_id=chat
    )
    # someone else's chat cannot see it, linked or not
    other = dict(odoo_server.data["people"][0], code=odoo_server.data["people"][0]["code2"])
    assert other["partner_id"] != person["partner_id"]
    telegram.send_text(92002, f"/status {number}")
    telegram.wait_for(lambda m: m["text"] == texts.NOT_LINKED, chat_id=92002)
    link(telegram, 92002, other)
    telegram.send_text(92002, f"/status {number}")
    telegram.wait_for(lambda m: m["text"].startswith("Заявка не найдена"), chat_id=92002)
    telegram.send_text(92002, "/my")
    telegram.wait_for(lambda m: m["text"] == texts.MY_NONE, chat_id=92002)
    # stage changes in Odoo: "taken into work", then "done", each told once
    base = len(telegram.messages(chat))
    odoo_server.admin(
        "helpdesk.ticket", "write", [ticket["id"]], {"stage_id": odoo_server.data["in_progress"]}
    )
    wait_until(lambda: len(posts(telegram, chat, number, base)) >= 1, what="taken-into-work notification")
    odoo_server.admin("helpdesk.ticket", "write", [ticket["id"]], {"stage_id": odoo_server.data["done"]})
    wait_until(lambda: len(posts(telegram, chat, number, base)) >= 2, what="done notification")
    time.sleep(1.5)
    told = posts(telegram, chat, number, base)
    assert len(told) == 2, [m["text"] for m in told]
    rows = outbox_rows(odoo_server, ticket["id"])
    assert rows and all(r["state"] == "sent" for r in rows), rows
    assert len(posts(telegram, TEAM_CHAT, number)) == len([r for r in rows if r["chat_id"] == TEAM_CHAT])


def test_survives_flood_control_and_odoo_crash(odoo_server, telegram, bridge_process):
    person = odoo_server.data["people"][2]
    bridge = bridge_process()
    chat = 93001
    link(telegram, chat, person)
    number, _uid = new_ticket(telegram, chat, "Нет доступа к общей папке бухгалтерии", template=False)
    ticket = ticket_by_number(odoo_server, number)
    wait_until(lambda: posts(telegram, TEAM_CHAT, number), what="team chat post")

    # Telegram answers 429 once: the notification waits retry_after and goes out once
    base = len(telegram.messages(chat))
    telegram.fail_next("sendMessage", count=1, status=429, retry_after=1)
    odoo_server.admin(
        "helpdesk.ticket", "write", [ticket["id"]], {"stage_id": odoo_server.data["in_progress"]}
    )
    wait_until(lambda: posts(telegram, chat, number, base), what="notification after 429")
    assert any(m == "sendMessage" for m, _ in telegram.calls)
    assert not telegram._failures.get("sendMessage")  # the 429 was served

    # Odoo crashes right while Telegram accepts the next notification: the ack is lost
    crashed = []
    stage_written = threading.Event()

    def crash_odoo(method, params):
        if method == "sendMessage" and str(params.get("chat_id")) == str(chat) and not crashed:
            stage_written.wait(30)  # the administrator's own call has had its answer
            crashed.append(time.monotonic())
            odoo_server.proc.kill()
            odoo_server.proc.wait(10)

    telegram.hooks.append(crash_odoo)
    odoo_server.admin("helpdesk.ticket", "write", [ticket["id"]], {"stage_id": odoo_server.data["done"]})
    stage_written.set()
    wait_until(lambda: crashed and len(posts(telegram, chat, number, base)) >= 2, what="done notification")
    telegram.hooks.clear()
    # while Odoo is down the bot says so instead of failing
    start = len(telegram.messages(chat))
    telegram.send_text(chat, "/my")
    telegram.wait_for(lambda m: m["text"] == texts.ODOO_DOWN, chat_id=chat, start=start)
    bridge.stop()
    odoo_server.proc = None
    odoo_server.start()
    # the lease of the claimed message expires; Odoo would hand it out again
    time.sleep(max(0.0, crashed[0] + 6.5 - time.monotonic()))
    bridge_process()
    wait_until(
        lambda: all(r["state"] == "sent" for r in outbox_rows(odoo_server, ticket["id"])),
        what="every outbox message acknowledged",
    )
    time.sleep(1.5)
    told = posts(telegram, chat, number, base)
    assert len(told) == 2, [m["text"] for m in told]  # nothing lost, nothing twice
    rows = outbox_rows(odoo_server, ticket["id"])
    assert all(r["attempts"] == 0 for r in rows if r["chat_id"] == str(chat)), rows
    # and the bot serves again
    start = len(telegram.messages(chat))
    telegram.send_text(chat, "/my")
    telegram.wait_for(
        lambda m: m["text"] in (texts.MY_NONE,) or m["text"].startswith(texts.MY_HEADER),
        chat_id=chat,
        start=start,
    )
