import base64

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ServicedeskBase, WithTeams

MAIL = """Return-Path: <{email_from}>
To: {to}
Message-ID: {msg_id}
{extra}Date: Mon, 23 Nov 2026 09:15:00 +0300
From: {email_from}
MIME-Version: 1.0
Subject: {subject}
Content-Type: multipart/mixed; boundary="==coop-boundary=="

--==coop-boundary==
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit

{body}
{parts}--==coop-boundary==--
"""

PART = """--==coop-boundary==
Content-Type: {ctype}; name="{name}"
Content-Disposition: attachment; filename="{name}"
Content-Transfer-Encoding: {cte}

{payload}
"""


def _b64(data):
    raw = base64.b64encode(data).decode()
    return "\n".join(raw[i : i + 76] for i in range(0, len(raw), 76))


@tagged("post_install", "-at_install")
class TestMailAttachments(WithTeams, ServicedeskBase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 2 KB limit for the tests
        cls.env["ir.config_parameter"].sudo().set_param(
            "coop_servicedesk.mail_attachment_max_mb", str(2 / 1024)
        )

    def _process(self, subject, body, parts, msg_id, extra=""):
        raw = MAIL.format(
            to="sd-legal@coop.example",
            email_from="Сергей Сотрудников <sergey@coop.example>",
            subject=subject,
            body=body,
            parts="".join(PART.format(**p) for p in parts),
            msg_id=msg_id,
            extra=extra,
        )
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            return self.env["mail.thread"].message_process(False, raw.encode())

    def _attachments(self, ticket):
        return self.env["ir.attachment"].search(
            [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )

    def _messages(self, ticket):
        return self.env["mail.message"].search(
            [("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        )

    def _notes(self, ticket):
        note = self.env.ref("mail.mt_note")
        return self._messages(ticket).filtered(
            lambda m: m.subtype_id == note and "not stored" in (m.body or "")
        )

    def test_oversized_and_malformed_are_dropped(self):
        good = b"%PDF-1.4 signed contract\n"
        big = b"x" * 3000
        parts = [
            {"ctype": "application/pdf", "name": "dogovor.pdf", "cte": "base64", "payload": _b64(good)},
            {"ctype": "application/octet-stream", "name": "big.bin", "cte": "base64", "payload": _b64(big)},
            {
                "ctype": "application/pdf",
                "name": "broken.pdf",
                "cte": "base64",
                "payload": "JVBERi0x!!!@@@###*~~ not base64 at all ~~",
            },
            {"ctype": "application/pdf", "name": "odd.pdf", "cte": "x-unheard-of", "payload": "abc"},
        ]
        before = self.Ticket.search([])
        res_id = self._process(
            "Проверить договор", "Договор во вложении.", parts, "<att-1@mail.coop.example>"
        )
        ticket = self.Ticket.search([]) - before
        self.assertEqual(len(ticket), 1, "the ticket is created despite the bad attachments")
        self.assertEqual(ticket.id, res_id)
        self.assertIn("Договор во вложении", ticket.description)
        attachments = self._attachments(ticket)
        self.assertEqual(attachments.mapped("name"), ["dogovor.pdf"])
        self.assertEqual(attachments.raw, good)
        email_msg = self._messages(ticket).filtered(lambda m: m.message_id == "<att-1@mail.coop.example>")
        self.assertEqual(email_msg.attachment_ids, attachments)
        self.assertIn("Договор во вложении", email_msg.body)
        note = self._notes(ticket)
        self.assertEqual(len(note), 1)
        self.assertIn("big.bin", note.body)
        self.assertIn("over the limit of 2.0 KB", note.body)
        self.assertIn("broken.pdf", note.body)
        self.assertIn("odd.pdf", note.body)
        self.assertIn("could not be decoded", note.body)
        self.assertNotIn("dogovor.pdf", note.body)
        self.assertFalse(
            self.env["ir.attachment"].search([("name", "in", ["big.bin", "broken.pdf", "odd.pdf"])]),
            "dropped files are stored nowhere",
        )

    def test_reply_keeps_body_and_good_attachments(self):
        ticket = self.Ticket.browse(
            self._process("Проверить договор", "Первое письмо.", [], "<att-2@mail.coop.example>")
        )
        self.assertFalse(self._notes(ticket), "nothing dropped, no note")
        parts = [
            {"ctype": "text/plain", "name": "notes.txt", "cte": "base64", "payload": _b64(b"ok")},
            {
                "ctype": "application/zip",
                "name": "archive.zip",
                "cte": "base64",
                "payload": _b64(b"z" * 4096),
            },
        ]
        before = self.Ticket.search([])
        self._process(
            "Re: Проверить договор",
            "Добавляю заметки и архив.",
            parts,
            "<att-3@mail.coop.example>",
            extra="In-Reply-To: <att-2@mail.coop.example>\nReferences: <att-2@mail.coop.example>\n",
        )
        self.assertEqual(self.Ticket.search([]) - before, self.Ticket, "the reply threads, no new ticket")
        reply = self._messages(ticket).filtered(lambda m: m.message_id == "<att-3@mail.coop.example>")
        self.assertIn("заметки и архив", reply.body)
        self.assertEqual(reply.attachment_ids.mapped("name"), ["notes.txt"])
        note = self._notes(ticket)
        self.assertEqual(len(note), 1)
        self.assertIn("archive.zip", note.body)
        self.assertIn("4.0 KB", note.body)

    def test_limit_parameter(self):
        Ticket = self.env["helpdesk.ticket"]
        self.assertEqual(Ticket._coop_mail_attachment_limit(), 2048)
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("coop_servicedesk.mail_attachment_max_mb", "not a number")
        with self.assertLogs("odoo.addons.coop_base.tools.config", level="WARNING"):
            self.assertEqual(Ticket._coop_mail_attachment_limit(), 25 * 1024 * 1024)
        params.set_param("coop_servicedesk.mail_attachment_max_mb", False)
        self.assertEqual(Ticket._coop_mail_attachment_limit(), 25 * 1024 * 1024)
