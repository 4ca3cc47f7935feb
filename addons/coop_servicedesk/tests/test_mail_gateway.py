from odoo.tests import tagged
from odoo.tools import email_normalize, mute_logger

from .common import ServicedeskBase, WithTeams

MAIL = """Return-Path: <{email_from}>
To: {to}
Received: by mx.coop.example (Postfix)
Message-ID: {msg_id}
{extra}Date: Mon, 23 Nov 2026 09:15:00 +0300
From: {email_from}
MIME-Version: 1.0
Subject: {subject}
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

{body}
"""


@tagged("post_install", "-at_install")
class TestMailGateway(WithTeams, ServicedeskBase):
    def _process(self, to, email_from, subject, body, msg_id, extra=""):
        raw = MAIL.format(
            to=to,
            email_from=email_from,
            subject=subject,
            body=body,
            msg_id=msg_id,
            extra=extra,
        )
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            return self.env["mail.thread"].message_process(False, raw.encode())

    def test_email_creates_ticket_and_reply_threads(self):
        before = self.Ticket.search([])
        res_id = self._process(
            "Юристы <sd-legal@coop.example>",
            "Сергей Сотрудников <sergey@coop.example>",
            "Проверить договор поставки",
            "Прошу проверить договор до пятницы.",
            "<contract-1@mail.coop.example>",
        )
        ticket = self.Ticket.search([]) - before
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.id, res_id)
        self.assertEqual(ticket.team_id, self.team_legal)
        self.assertEqual(ticket.name, "Проверить договор поставки")
        self.assertEqual(ticket.partner_id, self.staff.partner_id)
        self.assertEqual(ticket.channel_id, self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email"))
        self.assertIn("до пятницы", ticket.description)
        # the requester answers the thread: no new ticket, the message lands on it
        self._process(
            "sd-legal@coop.example",
            "sergey@coop.example",
            "Re: Проверить договор поставки",
            "Прикладываю последнюю редакцию.",
            "<contract-2@mail.coop.example>",
            extra="In-Reply-To: <contract-1@mail.coop.example>\n"
            "References: <contract-1@mail.coop.example>\n",
        )
        self.assertEqual(self.Ticket.search([]) - before, ticket)
        bodies = " ".join(ticket.message_ids.mapped("body"))
        self.assertIn("последнюю редакцию", bodies)

    def test_unknown_sender_goes_to_triage(self):
        before = self.Ticket.search([])
        self._process(
            "sd-legal@coop.example",
            "Незнакомец <stranger@unknown.example>",
            "Вопрос",
            "Кто у вас отвечает за договоры?",
            "<stranger-1@unknown.example>",
        )
        ticket = self.Ticket.search([]) - before
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.team_id, self.team_triage)
        self.assertFalse(ticket.partner_id)
        self.assertEqual(email_normalize(ticket.partner_email), "stranger@unknown.example")
        self.assertEqual(ticket.partner_name, "Незнакомец")

    def test_client_alias_other_company_goes_to_triage(self):
        before = self.Ticket.search([])
        # a contact of client A writes to their service: it stays there
        self._process(
            "sd-alfa@coop.example",
            "anna@alfa.example",
            "Подозрительная активность",
            "Видим сканирование портов.",
            "<alfa-1@alfa.example>",
        )
        # client B's contact writes to client A's alias: triage, not A's board
        self._process(
            "sd-alfa@coop.example",
            "boris@beta.example",
            "Нужна помощь",
            "Помогите.",
            "<beta-1@beta.example>",
        )
        tickets = self.Ticket.search([]) - before
        by_name = {t.name: t for t in tickets}
        self.assertEqual(by_name["Подозрительная активность"].team_id, self.team_client_a)
        self.assertEqual(by_name["Нужна помощь"].team_id, self.team_triage)
