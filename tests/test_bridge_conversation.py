"""The conversation on a ticket through the bridge process, a real Odoo and the fake Bot API:
the assignee's own notification, an agent's message answered with Telegram's reply-to, and a
rating by button, each exactly once, with the bridge and Odoo restarted midway."""

import threading
import time
import xmlrpc.client

from test_bridge_odoo import outbox_rows, posts, wait_until

from telegram_bridge import texts

STAFF_CHAT = 95001
REQUESTER_CHAT = 95002


def _ticket(odoo, requester, name):
    ticket_id = odoo.admin(
        "helpdesk.ticket",
        "create",
        {
            "name": name,
            "description": f"<p>{name}</p>",
            "partner_id": requester,
            "team_id": odoo.data["team_id"],
        },
    )
    return ticket_id, odoo.admin("helpdesk.ticket", "read", [ticket_id], ["number"])[0]["number"]


def _thread(odoo, ticket_id, author):
    return odoo.admin(
        "mail.message",
        "search_read",
        [
            ("model", "=", "helpdesk.ticket"),
            ("res_id", "=", ticket_id),
            ("author_id", "=", author),
            ("message_type", "=", "comment"),
        ],
        fields=["body"],
    )


def _link(telegram, chat, code, name, command="/link"):
    telegram.send_text(chat, f"{command} {code}")
    telegram.wait_for(lambda m: m["text"] == texts.LINK_OK.format(name=name), chat_id=chat, what="link")


def test_assignee_notification_and_two_way_conversation(odoo_server, telegram, bridge_process):
    odoo = odoo_server
    staff, client, other = odoo.data["people"][4], odoo.data["people"][5], odoo.data["people"][6]
    staff_id = odoo.admin("res.users", "search", [("partner_id", "=", staff["partner_id"])])[0]
    requester = client["partner_id"]
    bridge = bridge_process()
    # the agent links his own chat with the code from his preferences, as a /start deep link
    _link(telegram, STAFF_CHAT, staff["code"], staff["name"], command="/start")
    _link(telegram, REQUESTER_CHAT, client["code"], client["name"])
    ticket_id, number = _ticket(odoo, requester, "Не открывается общая папка")

    # assigned: the agent is told in his own chat, once
    odoo.admin("helpdesk.ticket", "write", [ticket_id], {"user_id": staff_id})
    wait_until(lambda: posts(telegram, STAFF_CHAT, number), what="assignee notification")

    # the agent writes on the ticket; Odoo is killed while Telegram takes the message (the ack
    # with its message id is lost), the bridge is stopped, then both come back
    crashed = []
    posted = threading.Event()

    def crash_odoo(method, params):
        if method == "sendMessage" and str(params.get("chat_id")) == str(REQUESTER_CHAT) and not crashed:
            posted.wait(30)
            crashed.append(time.monotonic())
            odoo.proc.kill()
            odoo.proc.wait(10)

    telegram.hooks.append(crash_odoo)
    try:
        odoo.admin(
            "helpdesk.ticket",
            "message_post",
            [ticket_id],
            body="Проверьте, пожалуйста, доступ сейчас",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
    except xmlrpc.client.Fault as exc:
        # posted and committed; only the answer (the message record) has no XML-RPC form
        assert "cannot marshal" in exc.faultString, exc.faultString
    posted.set()
    wait_until(
        lambda: crashed and posts(telegram, REQUESTER_CHAT, "Проверьте, пожалуйста"), what="agent's message"
    )
    telegram.hooks.clear()
    bridge.stop()
    odoo.proc = None
    odoo.start()
    time.sleep(max(0.0, crashed[0] + 6.5 - time.monotonic()))  # the claim's lease is over
    bridge = bridge_process()
    wait_until(
        lambda: all(r["state"] == "sent" for r in outbox_rows(odoo, ticket_id)), what="all acknowledged"
    )
    (agent_message,) = posts(telegram, REQUESTER_CHAT, "Проверьте, пожалуйста")  # sent once
    stored = odoo.admin(
        "coop.telegram.outbox",
        "search_read",
        [("ticket_id", "=", ticket_id), ("chat_id", "=", str(REQUESTER_CHAT))],
        fields=["tg_message_id", "attempts"],
    )
    assert [r["tg_message_id"] for r in stored] == [str(agent_message["message_id"])], stored
    assert all(r["attempts"] == 0 for r in stored)

    # the requester answers with Telegram's reply-to: the ticket's thread, not a new ticket
    tickets_before = odoo.admin("helpdesk.ticket", "search_count", [])
    start = len(telegram.messages(REQUESTER_CHAT))
    reply_id = 880001
    telegram.send_text(
        REQUESTER_CHAT, "Теперь открывается, спасибо", reply_to=agent_message, message_id=reply_id
    )
    telegram.wait_for(
        lambda m: m["text"] == texts.REPLY_POSTED.format(number=number), chat_id=REQUESTER_CHAT, start=start
    )
    assert len(_thread(odoo, ticket_id, requester)) == 1
    # the same message again (Telegram redelivers an update the bridge did not confirm before
    # a restart): posted once
    bridge.stop()
    bridge = bridge_process()
    telegram.send_text(
        REQUESTER_CHAT, "Теперь открывается, спасибо", reply_to=agent_message, message_id=reply_id
    )
    telegram.wait_for(
        lambda m: m["text"] == texts.REPLY_POSTED.format(number=number),
        chat_id=REQUESTER_CHAT,
        start=start + 1,
    )
    assert len(_thread(odoo, ticket_id, requester)) == 1
    assert odoo.admin("helpdesk.ticket", "search_count", []) == tickets_before
    # the agent hears of the client's reply once
    wait_until(lambda: posts(telegram, STAFF_CHAT, "Теперь открывается"), what="client reply notification")
    time.sleep(1.5)
    assert len(posts(telegram, STAFF_CHAT, number)) == 2  # assigned, client replied
    assert len(posts(telegram, REQUESTER_CHAT, "Проверьте, пожалуйста")) == 1

    # the agent answers from his own chat, replying to his notification: the ticket's thread,
    # and from there the requester's chat
    assigned = posts(telegram, STAFF_CHAT, number)[0]
    start = len(telegram.messages(STAFF_CHAT))
    telegram.send_text(STAFF_CHAT, "Доступ выдан, проверьте ещё раз", reply_to=assigned)
    telegram.wait_for(
        lambda m: m["text"] == texts.REPLY_POSTED.format(number=number), chat_id=STAFF_CHAT, start=start
    )
    assert len(_thread(odoo, ticket_id, staff["partner_id"])) == 1
    wait_until(
        lambda: posts(telegram, REQUESTER_CHAT, "Доступ выдан"),
        what="the agent's reply in the requester's chat",
    )
    time.sleep(1.0)
    assert len(posts(telegram, REQUESTER_CHAT, "Доступ выдан")) == 1

    # another contact cannot answer on this ticket by number
    _link(telegram, REQUESTER_CHAT + 1, other["code2"], other["name"])
    telegram.send_text(REQUESTER_CHAT + 1, f"/reply {number} можно я тоже?")
    telegram.wait_for(lambda m: m["text"].startswith("Ответ не добавлен"), chat_id=REQUESTER_CHAT + 1)
    assert _thread(odoo, ticket_id, other["partner_id"]) == []


def test_rating_by_button(odoo_server, telegram, bridge_process):
    odoo = odoo_server
    rater = odoo.data["people"][6]
    requester = rater["partner_id"]
    template = odoo.admin(
        "ir.model.data", "check_object_reference", "helpdesk_mgmt_rating", "rating_ticket_email_template"
    )[1]
    # the test database is shared: the done stage asks for a rating only during this test
    odoo.admin("helpdesk.ticket.stage", "write", [odoo.data["done"]], {"rating_mail_template_id": template})
    try:
        bridge = bridge_process()
        chat = REQUESTER_CHAT + 10
        _link(telegram, chat, rater["code"], rater["name"])
        ticket_id, number = _ticket(odoo, requester, "Нужен новый картридж")
        odoo.admin("helpdesk.ticket", "write", [ticket_id], {"stage_id": odoo.data["done"]})
        request = wait_until(
            lambda: [m for m in telegram.messages(chat) if telegram.buttons(m)], what="rating request"
        )[0]
        buttons = telegram.buttons(request)
        assert [label for label, _data in buttons] == ["1", "2", "3", "4", "5"]
        # the bridge and Odoo restart before the tap: the buttons still work
        bridge.stop()
        odoo.restart()
        bridge = bridge_process()
        telegram.press(chat, buttons[3][1], request)
        thanks = telegram.wait_for(lambda m: m.get("edit") and "Спасибо за оценку" in m["text"], chat_id=chat)
        assert "(4 из 5)" in thanks["text"]
        telegram.wait_for(lambda m: m["text"] == texts.RATING_ASK_COMMENT, chat_id=chat)
        telegram.send_text(chat, "Заменили быстро")
        telegram.wait_for(
            lambda m: m["text"] == texts.RATING_COMMENT_SAVED.format(number=number), chat_id=chat
        )
        ratings = odoo.admin(
            "rating.rating",
            "search_read",
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket_id)],
            fields=["rating", "feedback", "consumed", "partner_id"],
        )
        assert len(ratings) == 1, ratings
        assert (
            ratings[0]["rating"] == 4 and ratings[0]["consumed"] and ratings[0]["partner_id"][0] == requester
        )
        assert "Заменили быстро" in (ratings[0]["feedback"] or "")
        # a second tap (the same request) rates nothing twice: still one rating, Odoo's answer shown
        start = len(telegram.messages(chat))
        telegram.press(chat, buttons[3][1], request)
        telegram.wait_for(lambda m: m.get("edit") and "(4 из 5)" in m["text"], chat_id=chat, start=start)
        telegram.send_text(chat, "/skip")
        telegram.wait_for(lambda m: m["text"] == texts.RATING_SKIPPED, chat_id=chat, start=start)
        ratings = odoo.admin(
            "rating.rating",
            "search_read",
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket_id)],
            fields=["rating"],
        )
        assert [r["rating"] for r in ratings] == [4]
        # (the same person's other chat, linked in the test above, has its own request)
        rows = [
            r for r in outbox_rows(odoo, ticket_id) if r["kind"] == "rating" and r["chat_id"] == str(chat)
        ]
        assert len(rows) == 1 and rows[0]["state"] == "sent"
        assert len([m for m in telegram.messages(chat) if telegram.buttons(m) and not m.get("edit")]) == 1
    finally:
        odoo.admin("helpdesk.ticket.stage", "write", [odoo.data["done"]], {"rating_mail_template_id": False})
