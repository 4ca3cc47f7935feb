"""The /appeal dialog of the real bridge against a fake Telegram and the in-memory facade."""

from telegram_bridge import texts

CHAT = 601
ORG = "Первичная организация завода"
ASK_SUBJECT = texts.APPEAL_ASK_SUBJECT.format(organization=ORG)
SUBJECT = "Перерасчёт отпускных"
TEXT = "Прошу проверить расчёт отпускных за август: не учтена премия."


def link_member(telegram, chat=CHAT):
    telegram.send_text(chat, "/link MEM123")
    msg = telegram.wait_for(lambda m: m["text"].startswith("Готово: чат привязан"), chat_id=chat)
    assert texts.APPEAL_START_HINT.format(organization=ORG) in msg["text"]
    assert msg["reply_markup"]["keyboard"] == [[{"text": texts.APPEAL_MENU_BUTTON}]]


def say(telegram, text, expected, chat=CHAT):
    start = len(telegram.messages(chat))
    telegram.send_text(chat, text)
    return telegram.wait_for(lambda m: m["text"] == expected, chat_id=chat, start=start, what=expected[:40])


def press(telegram, message, data, expected, chat=CHAT):
    start = len(telegram.messages(chat))
    telegram.press(chat, data, message)
    return telegram.wait_for(lambda m: m["text"] == expected, chat_id=chat, start=start, what=expected[:40])


def no_errors(telegram):
    """No update failed on the way (a failed update is answered with texts.ERROR)."""
    assert not [m for m in telegram.messages() if m["text"] == texts.ERROR]


def to_confirmation(telegram):
    say(telegram, texts.APPEAL_MENU_BUTTON, ASK_SUBJECT)
    say(telegram, SUBJECT, texts.APPEAL_ASK_TEXT)
    consent = say(telegram, TEXT, texts.APPEAL_CONSENT)
    yes = telegram.buttons(consent)[0][1]
    press(telegram, consent, yes, texts.APPEAL_CONSENT_GIVEN)
    return telegram.wait_for(lambda m: m["text"].startswith("Проверьте обращение"), chat_id=CHAT)


def test_member_files_an_appeal_once(telegram, odoo, bridge):
    bridge()
    link_member(telegram)
    telegram.send_text(CHAT, "/start")
    start_msg = telegram.wait_for(lambda m: m["text"].startswith("Здравствуйте, Петров Пётр!"), chat_id=CHAT)
    assert start_msg["reply_markup"]["keyboard"] == [[{"text": texts.APPEAL_MENU_BUTTON}]]
    confirm = to_confirmation(telegram)
    send = telegram.buttons(confirm)[0][1]
    created = texts.APPEAL_CREATED.format(number="ОБР-0001", subject=SUBJECT)
    press(telegram, confirm, send, created)
    press(telegram, confirm, send, created)  # a second tap: told again, filed once
    assert [(a["subject"], a["text"], a["organization"]) for a in odoo.appeals] == [(SUBJECT, TEXT, ORG)]
    no_errors(telegram)


def test_odoo_down_at_send_keeps_the_draft(telegram, odoo, bridge):
    bridge()
    link_member(telegram)
    confirm = to_confirmation(telegram)
    send = telegram.buttons(confirm)[0][1]
    odoo.down = True
    start = len(telegram.messages(CHAT))
    telegram.press(CHAT, send, confirm)
    telegram.wait_for(lambda m: m["text"] == texts.APPEAL_ODOO_DOWN, chat_id=CHAT, start=start)
    odoo.down = False
    press(telegram, confirm, send, texts.APPEAL_CREATED.format(number="ОБР-0001", subject=SUBJECT))
    assert len(odoo.appeals) == 1
    no_errors(telegram)


def test_checks_guard_consent_and_cancel(telegram, odoo, bridge):
    bridge()
    # not linked: how to link
    say(telegram, "/appeal", texts.APPEAL_NOT_LINKED)
    # linked, but no member
    telegram.send_text(CHAT, "/link ABC123")
    msg = telegram.wait_for(lambda m: m["text"] == texts.LINK_OK.format(name="Иванов Иван"), chat_id=CHAT)
    assert not msg.get("reply_markup")
    say(telegram, "/appeal", texts.APPEAL_NOT_MEMBER)
    link_member(telegram, chat=CHAT + 1)
    chat = CHAT + 1
    say(telegram, "/appeal", ASK_SUBJECT, chat=chat)
    say(telegram, "ок", texts.APPEAL_SUBJECT_TOO_SHORT, chat=chat)
    say(telegram, "x" * 121, texts.APPEAL_SUBJECT_TOO_LONG.format(limit=120), chat=chat)
    say(telegram, SUBJECT, texts.APPEAL_ASK_TEXT, chat=chat)
    say(
        telegram,
        "СНИЛС 112-233-445 95",
        texts.GUARD_PERSONAL.format(what=texts.GUARD_KINDS["snils"]),
        chat=chat,
    )
    say(telegram, "коротко", texts.APPEAL_TEXT_TOO_SHORT, chat=chat)
    consent = say(telegram, TEXT, texts.APPEAL_CONSENT, chat=chat)
    say(telegram, "согласен", texts.APPEAL_CONSENT_BUTTONS, chat=chat)
    no = telegram.buttons(consent)[1][1]
    press(telegram, consent, no, texts.APPEAL_NO_CONSENT, chat=chat)
    press(telegram, consent, telegram.buttons(consent)[0][1], texts.APPEAL_EXPIRED, chat=chat)
    say(telegram, "/appeal", ASK_SUBJECT, chat=chat)
    say(telegram, "/cancel", texts.APPEAL_CANCELLED, chat=chat)
    say(telegram, "/cancel", texts.NEW_NOTHING_TO_CANCEL, chat=chat)
    assert odoo.appeals == []
    no_errors(telegram)


def test_each_dialog_takes_its_own_text(telegram, odoo, bridge):
    """An appeal started, then /new, then a text: the ticket's description; /appeal again, then a
    text: the appeal's subject."""
    bridge()
    link_member(telegram)
    say(telegram, "/appeal", ASK_SUBJECT)
    teams = say(telegram, "/new", texts.NEW_CHOOSE_TEAM)
    start = len(telegram.messages(CHAT))
    telegram.press(CHAT, "t:2", teams)
    telegram.wait_for(lambda m: m["text"] == texts.NEW_ASK_DESCRIPTION, chat_id=CHAT, start=start)
    start = len(telegram.messages(CHAT))
    telegram.send_text(CHAT, "Нужна справка 2-НДФЛ за 2024 год")
    telegram.wait_for(lambda m: m["text"].startswith("Проверьте заявку"), chat_id=CHAT, start=start)
    say(telegram, "/appeal", ASK_SUBJECT)
    say(telegram, SUBJECT, texts.APPEAL_ASK_TEXT)
    say(telegram, "/cancel", texts.APPEAL_CANCELLED)
    assert odoo.appeals == [] and odoo.tickets == []
    no_errors(telegram)
