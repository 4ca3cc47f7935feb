"""The real bridge against a fake Telegram and an in-memory facade over JSON-RPC."""

import time

from telegram_bridge import texts

CHAT = 501


def link(telegram, chat=CHAT):
    telegram.send_text(chat, "/link ABC123")
    telegram.wait_for(lambda m: m["text"].startswith("Готово: чат привязан"), chat_id=chat)


def test_start_and_link(telegram, odoo, bridge):
    bridge()
    telegram.send_text(CHAT, "/start")
    telegram.wait_for(lambda m: m["text"] == texts.START_UNLINKED, chat_id=CHAT)
    telegram.send_text(CHAT, "/link")
    telegram.wait_for(lambda m: m["text"] == texts.LINK_USAGE, chat_id=CHAT)
    telegram.send_text(CHAT, "/link WRONG1")
    telegram.wait_for(lambda m: "Код недействителен" in m["text"], chat_id=CHAT)
    # a code typed in two parts is one code
    telegram.send_text(CHAT, "/link ABC 123")
    telegram.wait_for(lambda m: m["text"].startswith("Готово: чат привязан"), chat_id=CHAT)
    assert odoo.links[str(CHAT)]["partner"] == "Иванов Иван"
    telegram.send_text(CHAT, "/start")
    telegram.wait_for(lambda m: m["text"].startswith("Здравствуйте, Иванов Иван!"), chat_id=CHAT)
    # a reused code is refused
    telegram.send_text(777, "/link ABC123")
    telegram.wait_for(lambda m: "уже использован" in m["text"], chat_id=777)
    assert any(m == "setMyCommands" for m, _ in telegram.calls)


def test_question_answered_from_knowledge_base(telegram, odoo, bridge):
    bridge()
    # unlinked: the summary, no email, a hint to link
    telegram.send_text(CHAT, "не работает принтер, печать не идёт")
    telegram.wait_for(lambda m: m["text"].startswith("📖 Как подключить принтер"), chat_id=CHAT)
    telegram.wait_for(lambda m: m["text"] == texts.KB_LINK_FOR_EMAIL, chat_id=CHAT)
    more = telegram.wait_for(lambda m: m["text"] == texts.KB_MORE, chat_id=CHAT)
    assert telegram.buttons(more) == [("Настройка печати по сети", "a:6")]
    assert odoo.emailed == []
    # linked: the full article goes to the work email
    link(telegram)
    start = len(telegram.messages(CHAT))
    telegram.send_text(CHAT, "как настроить принтер?")
    telegram.wait_for(
        lambda m: "отправлена на вашу рабочую почту ivanov@example.ru" in m["text"], chat_id=CHAT, start=start
    )
    assert odoo.emailed == [("ivanov@example.ru", 5)]
    telegram.press(CHAT, "a:6")
    deadline = time.time() + 10
    while len(odoo.emailed) < 2 and time.time() < deadline:
        time.sleep(0.05)
    assert odoo.emailed[-1] == ("ivanov@example.ru", 6)
    # no match: offer a request
    telegram.send_text(CHAT, "сломался кондиционер")
    msg = telegram.wait_for(lambda m: m["text"] == texts.KB_NOT_FOUND, chat_id=CHAT)
    assert telegram.buttons(msg) == [(texts.KB_OPEN_TICKET_BUTTON, "new")]


def test_guard_holds_back_sensitive_text(telegram, odoo, bridge):
    bridge()
    link(telegram)
    calls = len(odoo.calls)
    telegram.send_text(CHAT, "не пускает в 1С, пароль: Vesna2024!")
    msg = telegram.wait_for(lambda m: m["text"].startswith("⛔"), chat_id=CHAT)
    assert "пароль" in msg["text"] and "портал" in msg["text"]
    telegram.send_text(CHAT, "/link 4276 3800 1234 5679")
    telegram.wait_for(lambda m: texts.GUARD_KINDS["card"] in m["text"], chat_id=CHAT)
    # nothing reached Odoo, and the bot tried to delete the messages from the chat
    time.sleep(0.3)
    assert [c for c in odoo.calls[calls:] if not c.startswith("outbox_")] == []
    assert len(telegram.deleted) == 2


def test_new_ticket_dialog(telegram, odoo, bridge):
    bridge()
    telegram.send_text(CHAT, "/new")
    telegram.wait_for(lambda m: m["text"] == texts.NOT_LINKED, chat_id=CHAT)
    link(telegram)
    telegram.send_text(CHAT, "/new")
    teams = telegram.wait_for(lambda m: m["text"] == texts.NEW_CHOOSE_TEAM, chat_id=CHAT)
    assert telegram.buttons(teams) == [("ИТ-поддержка", "t:1"), ("Бухгалтерия", "t:2")]
    telegram.press(CHAT, "t:1", teams)
    tpl = telegram.wait_for(lambda m: m["text"].startswith("Команда: ИТ-поддержка\nВыберите"), chat_id=CHAT)
    assert telegram.buttons(tpl) == [("Не работает принтер", "p:11"), (texts.NEW_NO_TEMPLATE_BUTTON, "p:0")]
    telegram.press(CHAT, "p:11", tpl)
    telegram.wait_for(lambda m: "Подсказка: Укажите кабинет" in m["text"], chat_id=CHAT)
    # a description with a password is held back, the dialog waits for a clean one
    telegram.send_text(CHAT, "принтер просит пароль администратора: Adm1n!2024")
    telegram.wait_for(lambda m: m["text"].startswith("⛔"), chat_id=CHAT)
    telegram.send_text(CHAT, "Принтер в кабинете 405 не печатает, горит красная лампа")
    confirm = telegram.wait_for(lambda m: m["text"].startswith("Проверьте заявку"), chat_id=CHAT)
    assert "Тип: Не работает принтер" in confirm["text"]
    (ok_text, ok_data), _cancel = telegram.buttons(confirm)
    # pressed twice (a double tap, or a retry): one ticket
    telegram.press(CHAT, ok_data, confirm)
    telegram.press(CHAT, ok_data, confirm)
    done = telegram.wait_for(lambda m: m["text"].startswith("Заявка HD00001 создана"), chat_id=CHAT)
    assert done.get("edit")
    time.sleep(0.3)
    assert len(odoo.tickets) == 1
    ticket = odoo.tickets[0]
    assert ticket["team_id"] == 1 and ticket["template_id"] == 11 and ticket["uid"] == ok_data.split(":")[1]
    # the team chat gets the new ticket through the outbox
    telegram.wait_for(lambda m: m["text"].startswith("Новая заявка HD00001"), chat_id="-1001")
    # /my and /status
    telegram.send_text(CHAT, "/my")
    telegram.wait_for(
        lambda m: m["text"].startswith(texts.MY_HEADER) and "HD00001" in m["text"], chat_id=CHAT
    )
    telegram.send_text(CHAT, "/status HD00001")
    telegram.wait_for(
        lambda m: m["text"].startswith("Заявка HD00001:") and "ИТ-поддержка" in m["text"], chat_id=CHAT
    )
    telegram.send_text(CHAT, "/status HD99999")
    telegram.wait_for(lambda m: m["text"].startswith("Заявка не найдена"), chat_id=CHAT)


def test_dialog_without_template_and_cancel(telegram, odoo, bridge):
    bridge()
    link(telegram)
    telegram.send_text(CHAT, "/new")
    teams = telegram.wait_for(lambda m: m["text"] == texts.NEW_CHOOSE_TEAM, chat_id=CHAT)
    telegram.press(CHAT, "t:2", teams)
    telegram.wait_for(lambda m: m["text"] == texts.NEW_ASK_DESCRIPTION, chat_id=CHAT)
    telegram.send_text(CHAT, "акт")
    telegram.wait_for(lambda m: m["text"] == texts.NEW_TOO_SHORT, chat_id=CHAT)
    telegram.send_text(CHAT, "/cancel")
    telegram.wait_for(lambda m: m["text"] == texts.NEW_CANCELLED, chat_id=CHAT)
    # after the cancel a text is a question again, and an old button is refused
    telegram.press(CHAT, "t:2")
    telegram.wait_for(lambda m: m["text"] == texts.NEW_EXPIRED, chat_id=CHAT)
    assert odoo.tickets == []


def test_failing_update_does_not_stop_the_bot(telegram, odoo, bridge):
    bridge()
    link(telegram)
    telegram.send_text(CHAT, "/status BOOM")
    telegram.wait_for(lambda m: m["text"] == texts.ERROR, chat_id=CHAT)
    telegram.send_text(CHAT, "/my")
    telegram.wait_for(lambda m: m["text"] == texts.MY_NONE, chat_id=CHAT)


def test_odoo_down_is_told_and_draft_kept(telegram, odoo, bridge):
    bridge()
    link(telegram)
    telegram.send_text(CHAT, "/new")
    teams = telegram.wait_for(lambda m: m["text"] == texts.NEW_CHOOSE_TEAM, chat_id=CHAT)
    telegram.press(CHAT, "t:2", teams)
    telegram.wait_for(lambda m: m["text"] == texts.NEW_ASK_DESCRIPTION, chat_id=CHAT)
    telegram.send_text(CHAT, "Нужна справка 2-НДФЛ за 2024 год")
    confirm = telegram.wait_for(lambda m: m["text"].startswith("Проверьте заявку"), chat_id=CHAT)
    ok_data = telegram.buttons(confirm)[0][1]
    odoo.down = True
    telegram.press(CHAT, ok_data, confirm)
    telegram.wait_for(lambda m: m["text"] == texts.ODOO_DOWN, chat_id=CHAT)
    odoo.down = False
    telegram.press(CHAT, ok_data, confirm)
    telegram.wait_for(lambda m: m["text"].startswith("Заявка HD00001 создана"), chat_id=CHAT)
    assert len(odoo.tickets) == 1


def test_rate_limit(telegram, odoo, bridge):
    bridge(RATE_LIMIT_BURST="3", RATE_LIMIT_PER_MINUTE="1")
    for _ in range(8):
        telegram.send_text(CHAT, "/start")
    telegram.wait_for(lambda m: m["text"] == texts.RATE_LIMITED, chat_id=CHAT)
    time.sleep(0.5)
    texts_sent = [m["text"] for m in telegram.messages(CHAT)]
    assert texts_sent.count(texts.RATE_LIMITED) == 1
    assert texts_sent.count(texts.START_UNLINKED) == 3
    # another chat is served
    telegram.send_text(CHAT + 1, "/start")
    telegram.wait_for(lambda m: m["text"] == texts.START_UNLINKED, chat_id=CHAT + 1)


def test_group_chat_only_answers_start(telegram, odoo, bridge):
    bridge()
    telegram.send_text(-1001, "/start@coop_desk_bot")
    telegram.wait_for(lambda m: "ID чата: -1001" in m["text"], chat_id=-1001)
    telegram.send_text(-1001, "пароль от вайфая кто знает?")
    telegram.send_text(-1001, "/my")
    time.sleep(0.5)
    assert len(telegram.messages(-1001)) == 1
    assert "search_articles" not in odoo.calls


def test_B1_disguised_data_held_back_and_clean_text_forwarded_as_written(telegram, odoo, bridge):
    bridge()
    link(telegram)
    calls = len(odoo.calls)
    # a card as a banking app copies it (non-breaking spaces), a password with a Latin "a"
    for text in (
        "карта 4111\u00a01111\u00a01111\u00a01111",
        "пaроль: Qwerty123",
        "логин ivanov / Qwerty123!",
    ):
        start = len(telegram.messages(CHAT))
        telegram.send_text(CHAT, text)
        telegram.wait_for(lambda m: m["text"].startswith("⛔"), chat_id=CHAT, start=start)
    time.sleep(0.3)
    assert [c for c in odoo.calls[calls:] if not c.startswith("outbox_")] == []
    # a clean description reaches Odoo exactly as written, not in its normalised form
    telegram.send_text(CHAT, "/new")
    teams = telegram.wait_for(lambda m: m["text"] == texts.NEW_CHOOSE_TEAM, chat_id=CHAT)
    telegram.press(CHAT, "t:2", teams)
    telegram.wait_for(lambda m: m["text"] == texts.NEW_ASK_DESCRIPTION, chat_id=CHAT)
    description = "Счёт на 1\u00a0500\u00a0000 руб. от 29.11.2026 — кабинет ４０５, заявка HT00012"
    telegram.send_text(CHAT, description)
    confirm = telegram.wait_for(lambda m: m["text"].startswith("Проверьте заявку"), chat_id=CHAT)
    telegram.press(CHAT, telegram.buttons(confirm)[0][1], confirm)
    telegram.wait_for(lambda m: m["text"].startswith("Заявка HD00001 создана"), chat_id=CHAT)
    assert odoo.tickets[0]["description"] == description


def test_dialog_steps_reentry_and_stale_buttons(telegram, odoo, bridge):
    bridge()
    link(telegram)
    telegram.send_text(CHAT, "/new")
    teams = telegram.wait_for(lambda m: m["text"] == texts.NEW_CHOOSE_TEAM, chat_id=CHAT)
    # a question in the middle of the dialog is answered from the knowledge base; the dialog waits
    start = len(telegram.messages(CHAT))
    telegram.send_text(CHAT, "как настроить принтер?")
    telegram.wait_for(lambda m: m["text"].startswith("📖 Как подключить принтер"), chat_id=CHAT, start=start)
    telegram.press(CHAT, "t:1", teams)
    tpl = telegram.wait_for(lambda m: m["text"].startswith("Команда: ИТ-поддержка\nВыберите"), chat_id=CHAT)
    # the team button again, now that the dialog is a step further: out of date
    start = len(telegram.messages(CHAT))
    telegram.press(CHAT, "t:2", teams)
    telegram.wait_for(lambda m: m["text"] == texts.NEW_EXPIRED, chat_id=CHAT, start=start)
    # /new in the middle starts over
    start = len(telegram.messages(CHAT))
    telegram.send_text(CHAT, "/new")
    teams = telegram.wait_for(lambda m: m["text"] == texts.NEW_CHOOSE_TEAM, chat_id=CHAT, start=start)
    start = len(telegram.messages(CHAT))
    telegram.press(CHAT, "p:11", tpl)  # a template button of the dialog before
    telegram.wait_for(lambda m: m["text"] == texts.NEW_EXPIRED, chat_id=CHAT, start=start)
    telegram.press(CHAT, "t:2", teams)
    telegram.wait_for(lambda m: m["text"] == texts.NEW_ASK_DESCRIPTION, chat_id=CHAT, start=start)
    telegram.send_text(CHAT, "Нужна справка о доходах за 2025 год")
    confirm = telegram.wait_for(lambda m: m["text"].startswith("Проверьте заявку"), chat_id=CHAT)
    _ok, (cancel_text, cancel_data) = telegram.buttons(confirm)
    assert cancel_text == texts.NEW_CANCEL_BUTTON
    start = len(telegram.messages(CHAT))
    telegram.press(CHAT, cancel_data, confirm)
    telegram.wait_for(lambda m: m["text"] == texts.NEW_CANCELLED, chat_id=CHAT, start=start)
    # the dialog is over: /cancel has nothing to cancel, and no ticket was created
    telegram.send_text(CHAT, "/cancel")
    telegram.wait_for(lambda m: m["text"] == texts.NEW_NOTHING_TO_CANCEL, chat_id=CHAT)
    assert odoo.tickets == []


def test_a_second_poller_is_named_in_the_log(telegram, odoo, bridge, caplog):
    bridge()
    bridge()  # a misconfiguration: two processes with BRIDGE_POLL=1 for one bot
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and "another process polls this bot" not in caplog.text:
        time.sleep(0.1)
    assert telegram.conflicts > 0
    assert "another process polls this bot (409 Conflict)" in caplog.text
