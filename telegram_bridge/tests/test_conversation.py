"""The two-way conversation on a ticket and the one-tap rating, through the real bridge."""

import time

from telegram_bridge import texts

from .test_bot_flow import link

CHAT = 701


def wait_until(predicate, timeout=20.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def delivered(telegram, odoo, outbox_id, chat=CHAT):
    """The Telegram message of an outbox message, once Odoo has its acknowledged id."""
    wait_until(lambda: odoo.row(outbox_id)["state"] == "sent", what="outbox message acknowledged")
    message_id = odoo.row(outbox_id)["message_id"]
    (sent,) = [m for m in telegram.messages(chat) if m["message_id"] == message_id and not m.get("edit")]
    return sent


def test_ack_carries_the_message_id(telegram, odoo, bridge):
    ticket = odoo.add_ticket(CHAT)
    oid = odoo.queue(CHAT, "Заявка HD00001 взята в работу", ticket=ticket)
    bridge()
    sent = delivered(telegram, odoo, oid)
    assert sent["text"] == "Заявка HD00001 взята в работу"
    assert sent["reply_markup"] is None  # only rating requests carry buttons


def test_reply_to_a_notification_lands_in_its_ticket(telegram, odoo, bridge):
    bridge()
    link(telegram, CHAT)
    first, second = odoo.add_ticket(CHAT, "Принтер"), odoo.add_ticket(CHAT, "Почта")
    notice = delivered(telegram, odoo, odoo.queue(CHAT, "Заявка HD00002: специалист спросил…", ticket=second))
    odoo.queue(CHAT, "Заявка HD00001 взята в работу", ticket=first)
    start = len(telegram.messages(CHAT))
    telegram.send_text(CHAT, "Почта снова работает, спасибо", reply_to=notice)
    telegram.wait_for(
        lambda m: m["text"] == texts.REPLY_POSTED.format(number="HD00002"), chat_id=CHAT, start=start
    )
    assert odoo.replies[-1][:3] == ("HD00002", str(CHAT), "Почта снова работает, спасибо")
    # the same update delivered again (a restart before Telegram saw it handled): one post
    uid = odoo.replies[-1][3]
    message_id = int(uid.rsplit(":", 1)[1])
    telegram.send_text(CHAT, "Почта снова работает, спасибо", reply_to=notice, message_id=message_id)
    wait_until(lambda: odoo.calls.count("post_reply") == 2, what="second post_reply")
    assert len(odoo.replies) == 1
    # /reply by number
    start = len(telegram.messages(CHAT))
    telegram.send_text(CHAT, "/reply HD00001 Кабинет 405,\nпринтер HP")
    telegram.wait_for(
        lambda m: m["text"] == texts.REPLY_POSTED.format(number="HD00001"), chat_id=CHAT, start=start
    )
    assert odoo.replies[-1][:3] == ("HD00001", str(CHAT), "Кабинет 405,\nпринтер HP")
    assert "post_reply" in odoo.calls and "create_ticket" not in odoo.calls  # no new ticket


def test_reply_errors_and_usage(telegram, odoo, bridge):
    bridge()
    link(telegram, CHAT)
    for wrong in ("/reply", "/reply HD00001", "/reply HD00001   "):
        start = len(telegram.messages(CHAT))
        telegram.send_text(CHAT, wrong)
        telegram.wait_for(lambda m: m["text"] == texts.REPLY_USAGE, chat_id=CHAT, start=start)
    # someone else's ticket: Odoo's answer, in Russian
    other = odoo.add_ticket(702)
    start = len(telegram.messages(CHAT))
    telegram.send_text(CHAT, f"/reply {other['number']} это моя заявка?")
    telegram.wait_for(
        lambda m: m["text"] == texts.REPLY_FAILED.format(error="Такой заявки среди ваших нет."),
        chat_id=CHAT,
        start=start,
    )
    # a reply to a bot message that is no ticket's (a knowledge base answer)
    kb = telegram.wait_for(lambda m: m["text"].startswith("Готово: чат привязан"), chat_id=CHAT)
    start = len(telegram.messages(CHAT))
    telegram.send_text(CHAT, "а что дальше?", reply_to=kb)
    telegram.wait_for(lambda m: m["text"].startswith("Ответ не добавлен"), chat_id=CHAT, start=start)
    assert odoo.replies == []
    # the guard holds back what a reply carries, before anything reaches Odoo
    notice = delivered(
        telegram, odoo, odoo.queue(CHAT, "Заявка: нужен доступ?", ticket=odoo.add_ticket(CHAT))
    )
    calls = odoo.calls.count("post_reply")
    telegram.send_text(CHAT, "вот пароль: Vesna2024!", reply_to=notice)
    telegram.wait_for(lambda m: m["text"].startswith("⛔"), chat_id=CHAT, start=start)
    telegram.send_text(CHAT, "/reply HD00002 пароль: Vesna2024!")
    wait_until(lambda: len([m for m in telegram.messages(CHAT)[start:] if m["text"].startswith("⛔")]) == 2)
    time.sleep(0.3)
    assert odoo.calls.count("post_reply") == calls and odoo.replies == []


def test_rating_by_button_with_comment(telegram, odoo, bridge):
    bridge()
    link(telegram, CHAT)
    ticket = odoo.add_ticket(CHAT)
    token = "0123456789abcdef0123456789abcdef"
    request = delivered(telegram, odoo, odoo.request_rating(CHAT, ticket, token))
    buttons = telegram.buttons(request)
    assert [label for label, _data in buttons] == ["1", "2", "3", "4", "5"]
    assert all(len(data.encode()) <= 64 for _label, data in buttons)
    telegram.press(CHAT, buttons[3][1], request)
    thanks = telegram.wait_for(lambda m: m.get("edit") and "Спасибо за оценку" in m["text"], chat_id=CHAT)
    assert str(thanks["message_id"]) == str(request["message_id"]) and "★★★★☆ (4 из 5)" in thanks["text"]
    assert not telegram.buttons(thanks)
    telegram.wait_for(lambda m: m["text"] == texts.RATING_ASK_COMMENT, chat_id=CHAT)
    assert odoo.ratings[token]["score"] == 4 and odoo.ratings[token]["times"] == 1
    # the comment: guarded first, then sent as the rating's feedback
    start = len(telegram.messages(CHAT))
    telegram.send_text(CHAT, "мой ИНН 500100732259, звоните")
    telegram.wait_for(lambda m: m["text"].startswith("⛔"), chat_id=CHAT, start=start)
    telegram.send_text(CHAT, "Быстро и вежливо")
    telegram.wait_for(
        lambda m: m["text"] == texts.RATING_COMMENT_SAVED.format(number="HD00001"), chat_id=CHAT, start=start
    )
    assert odoo.ratings[token]["feedback"] == "Быстро и вежливо"
    # the next text is a question again, not a comment
    telegram.send_text(CHAT, "как подключить принтер")
    telegram.wait_for(lambda m: m["text"].startswith("📖"), chat_id=CHAT, start=start)
    assert odoo.ratings[token]["feedback"] == "Быстро и вежливо"
    # a rating that is not the chat's: Odoo's answer is shown
    start = len(telegram.messages(CHAT))
    telegram.press(CHAT, "r:5:ffffffffffffffffffffffffffffffff", request)
    telegram.wait_for(
        lambda m: m.get("edit") and "Оценка не сохранена: Этот запрос оценки не ваш" in m["text"],
        chat_id=CHAT,
        start=start,
    )


def test_rating_skip_comment(telegram, odoo, bridge):
    bridge()
    link(telegram, CHAT)
    token = "abcdefabcdefabcdefabcdefabcdef12"
    request = delivered(telegram, odoo, odoo.request_rating(CHAT, odoo.add_ticket(CHAT), token))
    telegram.press(CHAT, telegram.buttons(request)[0][1], request)
    telegram.wait_for(lambda m: m["text"] == texts.RATING_ASK_COMMENT, chat_id=CHAT)
    telegram.send_text(CHAT, "/skip")
    telegram.wait_for(lambda m: m["text"] == texts.RATING_SKIPPED, chat_id=CHAT)
    assert odoo.ratings[token] == {
        "chat_id": str(CHAT),
        "number": "HD00001",
        "score": 1,
        "feedback": None,
        "times": 1,
    }


def test_rating_comment_or_reply_to_another_message(telegram, odoo, bridge):
    """After the tap, a reply to a ticket's message is that ticket's reply, not the comment."""
    bridge()
    link(telegram, CHAT)
    ticket = odoo.add_ticket(CHAT)
    notice = delivered(telegram, odoo, odoo.queue(CHAT, "Заявка HD00001: вопрос специалиста", ticket=ticket))
    token = "11112222333344445555666677778888"
    request = delivered(telegram, odoo, odoo.request_rating(CHAT, ticket, token))
    telegram.press(CHAT, telegram.buttons(request)[4][1], request)
    telegram.wait_for(lambda m: m["text"] == texts.RATING_ASK_COMMENT, chat_id=CHAT)
    start = len(telegram.messages(CHAT))
    telegram.send_text(CHAT, "Ответ на вопрос", reply_to=notice)
    telegram.wait_for(
        lambda m: m["text"] == texts.REPLY_POSTED.format(number="HD00001"), chat_id=CHAT, start=start
    )
    assert odoo.ratings[token]["feedback"] is None and odoo.ratings[token]["score"] == 5


def test_start_with_a_code_links(telegram, odoo, bridge):
    bridge()
    telegram.send_text(CHAT, "/start ABC123")
    telegram.wait_for(lambda m: m["text"] == texts.LINK_OK.format(name="Иванов Иван"), chat_id=CHAT)
    assert odoo.links[str(CHAT)]["partner"] == "Иванов Иван"
