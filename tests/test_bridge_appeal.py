"""Appeals to the union through the bridge process, a real Odoo (coop_union + coop_servicedesk +
coop_union_telegram) and the fake Telegram Bot API: a linked member files an appeal (once, in his
organisation, channel Telegram), bad input is answered in Russian and files nothing, an unlinked
chat is told how to link, and the answer reaches the member's chat through the outbox.

The session's Odoo (conftest.py) has the service desk only; the first test here installs the
union and its Telegram part into it and creates a small union.
"""

import json
import subprocess
import time
import xmlrpc.client

import pytest
from conftest import ROOT
from test_bridge_odoo import posts, wait_until

from telegram_bridge import texts

UNION_SCRIPT = r"""
import json
from odoo import Command
env = env(context=dict(env.context, mail_create_nolog=True, tracking_disable=True, lang="ru_RU"))
Org = env["coop.union.organization"]
federation = Org.create({"name": "Федерация (мост)", "code": "BR-FED", "level": "federation"})
region = Org.create({"name": "Рескомитет (мост)", "code": "BR-REG", "level": "regional",
                     "parent_id": federation.id})
primary = Org.create({"name": "Первичка завода (мост)", "code": "BR-P1", "level": "primary",
                      "parent_id": region.id})
other = Org.create({"name": "Первичка больницы (мост)", "code": "BR-P2", "level": "primary",
                    "parent_id": region.id})
member = env["coop.union.member"].create({
    "name": "Пётр Членов", "membership_number": "BR-0001", "organization_id": primary.id,
    "email": "p.chlenov@union.example", "mobile": "+79120000101",
})
Link = env["coop.telegram.link"]
# one code per chat the tests link (a member may link several chats)
codes = [Link.create({"partner_id": member.partner_id.id}).code for _i in range(4)]
# an employee of the cooperative who is also a union member: both dialogs are open to him
employee = env["res.users"].with_context(no_reset_password=True).create({
    "name": "Сотрудник Членов", "login": "bridge_test_member_employee", "email": "s.chlenov@coop.example",
    "groups_id": [Command.set([env.ref("base.group_user").id])],
})
env["coop.union.member"].create({
    "partner_id": employee.partner_id.id, "membership_number": "BR-0002", "organization_id": other.id,
})
employee_code = Link.create({"partner_id": employee.partner_id.id}).code
outsider = env["res.partner"].create({"name": "Не Член", "email": "ne.chlen@example.com"})
outsider_code = Link.create({"partner_id": outsider.id}).code
env.cr.commit()
print("UNION-SETUP " + json.dumps({
    "member_id": member.id, "partner_id": member.partner_id.id, "name": member.name,
    "organization_id": primary.id, "organization": primary.name, "other_organization_id": other.id,
    "codes": codes, "outsider_code": outsider_code, "employee_code": employee_code,
    "employee": employee.name, "employee_organization": other.name,
}))
"""

SUBJECT = "Перерасчёт отпускных"
TEXT = "Прошу проверить расчёт отпускных за август: не учтена квартальная премия."


@pytest.fixture(scope="module")
def union(odoo_server):
    """The session's Odoo with coop_union_telegram installed and a small union in it."""
    odoo_server.stop()
    with open(odoo_server.log_path, "a") as log:
        subprocess.run(
            odoo_server._cmd(
                "-i", "coop_union_telegram", "--stop-after-init", "--without-demo=all",
                "--no-http", "--max-cron-threads=0",
            ),
            stdout=log, stderr=subprocess.STDOUT, check=True, timeout=900, cwd=ROOT,
        )  # fmt: skip
        out = subprocess.run(
            odoo_server._cmd("--no-http", "--max-cron-threads=0", command="shell"),
            input=UNION_SCRIPT, capture_output=True, text=True, timeout=300, cwd=ROOT,
        )  # fmt: skip
        log.write(out.stdout + out.stderr)
    lines = [line for line in out.stdout.splitlines() if line.startswith("UNION-SETUP ")]
    if not lines:
        raise RuntimeError(f"setting up the union failed:\n{out.stderr[-3000:]}")
    odoo_server.start()
    data = json.loads(lines[-1][len("UNION-SETUP ") :])
    data["odoo"] = odoo_server
    return data


def appeals(union, **where):
    domain = [("member_id", "=", union["member_id"])] + [(k, "=", v) for k, v in where.items()]
    return union["odoo"].admin(
        "coop.union.appeal",
        "search_read",
        domain,
        fields=["name", "subject", "text", "organization_id", "channel"],
    )


def link(telegram, chat, code, union):
    start = len(telegram.messages(chat))
    telegram.send_text(chat, f"/link {code}")
    msg = telegram.wait_for(
        lambda m: m["text"].startswith(texts.LINK_OK.format(name=union["name"])), chat_id=chat, start=start
    )
    # a member gets the appeal hint and the menu button under the input field
    assert texts.APPEAL_START_HINT.format(organization=union["organization"]) in msg["text"]
    keyboard = (msg.get("reply_markup") or {}).get("keyboard") or []
    assert [[b["text"] for b in row] for row in keyboard] == [[texts.APPEAL_MENU_BUTTON]]


def no_errors(telegram, bridge):
    """No update failed on the way (a failed update is logged and answered with texts.ERROR)."""
    assert not [m for m in telegram.messages() if m["text"] == texts.ERROR]
    assert "failed:" not in bridge.log()


def say(telegram, chat, text, expected, what):
    start = len(telegram.messages(chat))
    telegram.send_text(chat, text)
    return telegram.wait_for(lambda m: m["text"] == expected, chat_id=chat, start=start, what=what)


def press(telegram, chat, message, data, expected, what):
    start = len(telegram.messages(chat))
    telegram.press(chat, data, message=message)
    return telegram.wait_for(lambda m: m["text"] == expected, chat_id=chat, start=start, what=what)


def up_to_consent(telegram, chat, union):
    say(
        telegram,
        chat,
        texts.APPEAL_MENU_BUTTON,
        texts.APPEAL_ASK_SUBJECT.format(organization=union["organization"]),
        "the subject question",
    )
    say(telegram, chat, SUBJECT, texts.APPEAL_ASK_TEXT, "the text question")
    consent = say(telegram, chat, TEXT, texts.APPEAL_CONSENT, "the consent question")
    (yes, no) = telegram.buttons(consent)
    assert (yes[0], no[0]) == (texts.APPEAL_CONSENT_YES, texts.APPEAL_CONSENT_NO)
    return consent, yes[1], no[1]


def test_member_files_an_appeal_and_gets_the_answer(union, telegram, bridge_process):
    odoo = union["odoo"]
    chat = 96001
    bridge = bridge_process()
    link(telegram, chat, union["codes"][0], union)

    # the subject and the text, with the guard and the checks on the way
    say(
        telegram,
        chat,
        "/appeal",
        texts.APPEAL_ASK_SUBJECT.format(organization=union["organization"]),
        "the subject question",
    )
    say(telegram, chat, "ок", texts.APPEAL_SUBJECT_TOO_SHORT, "subject too short")
    say(telegram, chat, SUBJECT, texts.APPEAL_ASK_TEXT, "the text question")
    start = len(telegram.messages(chat))
    telegram.send_text(chat, "Не могу войти в личный кабинет, пароль: Vesna2024!")
    telegram.wait_for(
        lambda m: m["text"] == texts.GUARD_CREDENTIALS.format(what=texts.GUARD_KINDS["password"]),
        chat_id=chat,
        start=start,
        what="the guard",
    )
    telegram.send_text(chat, "Мой паспорт 4510 123456, прошу помочь")
    telegram.wait_for(
        lambda m: m["text"] == texts.GUARD_PERSONAL.format(what=texts.GUARD_KINDS["passport"]),
        chat_id=chat,
        start=start,
        what="the guard",
    )
    say(telegram, chat, "   помогите ", texts.APPEAL_TEXT_TOO_SHORT, "text too short")
    consent = say(telegram, chat, TEXT, texts.APPEAL_CONSENT, "the consent question")
    (_yes, yes_data), _no = telegram.buttons(consent)
    press(telegram, chat, consent, yes_data, texts.APPEAL_CONSENT_GIVEN, "consent given")
    confirm = telegram.wait_for(
        lambda m: m["text"].startswith("Проверьте обращение"), chat_id=chat, what="the confirmation"
    )
    assert SUBJECT in confirm["text"] and TEXT in confirm["text"] and union["organization"] in confirm["text"]
    (send, cancel) = telegram.buttons(confirm)
    assert (send[0], cancel[0]) == (texts.APPEAL_SEND_BUTTON, texts.APPEAL_CANCEL_BUTTON)
    assert not appeals(union)  # nothing is filed before "send"
    start = len(telegram.messages(chat))
    telegram.press(chat, send[1], message=confirm)
    created = telegram.wait_for(
        lambda m: m["text"].startswith("Обращение ") and "принято" in m["text"], chat_id=chat, start=start
    )
    # "send" pressed again: the same appeal, told again, not filed twice
    start = len(telegram.messages(chat))
    telegram.press(chat, send[1], message=confirm)
    telegram.wait_for(
        lambda m: m["text"] == created["text"], chat_id=chat, start=start, what="the same answer"
    )
    (appeal,) = appeals(union)
    assert appeal["organization_id"][0] == union["organization_id"]
    assert appeal["channel"] == "telegram"
    assert (appeal["subject"], appeal["text"]) == (SUBJECT, TEXT)
    assert created["text"] == texts.APPEAL_CREATED.format(number=appeal["name"], subject=SUBJECT)
    # the guarded messages never reached Odoo
    assert not odoo.admin("coop.union.appeal", "search", [("text", "ilike", "Vesna2024")])

    # the organisation answers: the answer comes to the chat through the outbox, once
    answer = "Премия будет учтена, перерасчёт придёт с сентябрьской зарплатой."
    answer_appeal(odoo, appeal["id"], answer)
    msg = wait_until(lambda: posts(telegram, chat, answer), what="the answer in the chat")[0]
    assert appeal["name"] in msg["text"] and SUBJECT in msg["text"]
    wait_until(
        lambda: odoo.admin(
            "coop.telegram.outbox",
            "search_count",
            [("coop_union_appeal_id", "=", appeal["id"]), ("state", "=", "sent")],
        ),
        what="the answer acknowledged",
    )
    time.sleep(1.0)
    assert len(posts(telegram, chat, answer)) == 1
    no_errors(telegram, bridge)


def answer_appeal(odoo, appeal_id, answer):
    """The organisation's staff write the answer and mark the appeal answered."""
    odoo.admin("coop.union.appeal", "write", [appeal_id], {"answer": answer})
    try:
        odoo.admin("coop.union.appeal", "action_answer", [appeal_id])
    except xmlrpc.client.Fault as exc:
        # done and committed; only its answer (None) has no XML-RPC form
        assert "cannot marshal None" in exc.faultString, exc.faultString


def test_bad_input_files_nothing(union, telegram, bridge_process):
    chat = 96002
    before = len(appeals(union))
    bridge = bridge_process()
    link(telegram, chat, union["codes"][1], union)
    # no consent: a clear answer, nothing filed
    consent, _yes, no = up_to_consent(telegram, chat, union)
    say(telegram, chat, "да", texts.APPEAL_CONSENT_BUTTONS, "consent by button only")
    press(telegram, chat, consent, no, texts.APPEAL_NO_CONSENT, "no consent")
    # the dialog is over: the old consent button is out of date
    press(telegram, chat, consent, _yes, texts.APPEAL_EXPIRED, "stale button")
    # cancelled at the text step and at the confirmation
    say(
        telegram,
        chat,
        "/appeal",
        texts.APPEAL_ASK_SUBJECT.format(organization=union["organization"]),
        "the subject question",
    )
    say(telegram, chat, SUBJECT, texts.APPEAL_ASK_TEXT, "the text question")
    say(telegram, chat, "/cancel", texts.APPEAL_CANCELLED, "cancelled")
    consent, yes, _no = up_to_consent(telegram, chat, union)
    press(telegram, chat, consent, yes, texts.APPEAL_CONSENT_GIVEN, "consent given")
    confirm = telegram.wait_for(lambda m: m["text"].startswith("Проверьте обращение"), chat_id=chat)
    (_send, cancel) = telegram.buttons(confirm)
    press(telegram, chat, confirm, cancel[1], texts.APPEAL_CANCELLED, "cancelled by button")
    assert len(appeals(union)) == before
    no_errors(telegram, bridge)


def test_unlinked_and_non_member_chats(union, telegram, bridge_process):
    before = len(appeals(union))
    bridge = bridge_process()
    chat = 96003
    say(telegram, chat, "/appeal", texts.APPEAL_NOT_LINKED, "how to link")
    say(telegram, chat, texts.APPEAL_MENU_BUTTON, texts.APPEAL_NOT_LINKED, "how to link")
    # a contact who is no member: linked, but no appeal
    start = len(telegram.messages(chat))
    telegram.send_text(chat, f"/link {union['outsider_code']}")
    msg = telegram.wait_for(
        lambda m: m["text"] == texts.LINK_OK.format(name="Не Член"), chat_id=chat, start=start
    )
    assert not (msg.get("reply_markup") or {}).get("keyboard")
    say(telegram, chat, "/appeal", texts.APPEAL_NOT_MEMBER, "not a member")
    assert len(appeals(union)) == before
    no_errors(telegram, bridge)


def test_appeal_and_ticket_dialogs_do_not_take_each_others_text(union, telegram, bridge_process):
    """An employee who is also a member starts an appeal, then /new, then the appeal again: each
    text goes to the dialog he is in."""
    chat = 96004
    bridge = bridge_process()
    start = len(telegram.messages(chat))
    telegram.send_text(chat, f"/link {union['employee_code']}")
    telegram.wait_for(
        lambda m: m["text"].startswith(texts.LINK_OK.format(name=union["employee"])),
        chat_id=chat,
        start=start,
    )
    ask_subject = texts.APPEAL_ASK_SUBJECT.format(organization=union["employee_organization"])
    say(telegram, chat, "/appeal", ask_subject, "the subject question")
    teams = say(telegram, chat, "/new", texts.NEW_CHOOSE_TEAM, "the team question")
    team = next(b for b in telegram.buttons(teams) if b[0] == "ИТ-поддержка (мост)")
    start = len(telegram.messages(chat))
    telegram.press(chat, team[1], message=teams)
    templates = telegram.wait_for(
        lambda m: m["text"].startswith("Команда:") and m.get("edit"),
        chat_id=chat,
        start=start,
        what="templates",
    )
    start = len(telegram.messages(chat))
    telegram.press(chat, "p:0", message=templates)
    telegram.wait_for(lambda m: m["text"] == texts.NEW_ASK_DESCRIPTION, chat_id=chat, start=start)
    # the text is the ticket's description, not the appeal's subject
    start = len(telegram.messages(chat))
    telegram.send_text(chat, "Не печатает принтер в кабинете 12")
    telegram.wait_for(lambda m: m["text"].startswith("Проверьте заявку"), chat_id=chat, start=start)
    # back to the appeal: its subject and text, not the ticket's
    say(telegram, chat, "/appeal", ask_subject, "the subject question again")
    say(telegram, chat, SUBJECT, texts.APPEAL_ASK_TEXT, "the text question")
    say(telegram, chat, "/cancel", texts.APPEAL_CANCELLED, "cancelled")
    # after the dialog a text is a question to the knowledge base again
    start = len(telegram.messages(chat))
    telegram.send_text(chat, "в переговорной сломался кондиционер")
    telegram.wait_for(lambda m: m["text"] == texts.KB_NOT_FOUND, chat_id=chat, start=start)
    no_errors(telegram, bridge)
