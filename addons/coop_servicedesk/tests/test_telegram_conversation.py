from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ServicedeskCase


@tagged("post_install", "-at_install")
class TestTelegramConversation(ServicedeskCase):
    """A ticket's conversation in Telegram: the requester's reply to a notification (or /reply N)
    lands in that ticket's thread, once; the assignee is told in his own chat when a ticket is
    assigned to him and when the requester replied, each switchable."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls.portal_a.partner_id
        cls._link(cls.partner, "7701")
        cls._link(cls.portal_b.partner_id, "7702")
        cls._link(cls.agent.partner_id, "7703")
        cls.st_wait.coop_waiting_client = True

    def _deliver(self, messages, first_id=500):
        """The bridge sent them: Telegram's message ids come back with the acknowledgement."""
        api = self._bridge_api()
        api.outbox_claim("w", limit=500)
        api.outbox_ack([{"id": m.id, "ok": True, "message_id": first_id + i} for i, m in enumerate(messages)])

    def _sent(self, ticket, chat):
        return self.Outbox.search([("ticket_id", "=", ticket.id), ("chat_id", "=", chat)], order="id")

    def test_reply_to_a_notification_lands_in_its_ticket_once(self):
        ticket = self._ticket(team=self.team_client_a, partner=self.partner, user_id=self.agent.id)
        other = self._ticket(team=self.team_client_a, partner=self.partner, name="Другая заявка")
        ticket.with_user(self.agent).message_post(
            body="Пришлите, пожалуйста, журнал VPN.", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        ticket.with_user(self.agent).stage_id = self.st_wait
        notes = self._sent(ticket, "7701")
        self.assertTrue(notes)
        self._deliver(notes)
        self.assertTrue(notes[0].tg_message_id)
        api = self._bridge_api()
        res = api.post_reply("7701", "Журнал во вложении письма.", reply_to_message_id=notes[0].tg_message_id,
                             update_uid="upd-1")
        self.assertEqual(res, {"ok": True, "number": ticket.number, "duplicate": False})
        replies = ticket.message_ids.filtered(lambda m: "Журнал во вложении" in (m.body or ""))
        self.assertEqual(replies.author_id, self.partner)
        self.assertFalse(other.message_ids.filtered(lambda m: "Журнал во вложении" in (m.body or "")))
        self.assertEqual(ticket.stage_id, self.st_work, "the requester answered: back to work")
        # the bridge retries after a restart: nothing twice
        again = api.post_reply("7701", "Журнал во вложении письма.", reply_to_message_id=notes[0].tg_message_id,
                               update_uid="upd-1")
        self.assertTrue(again["duplicate"])
        self.assertEqual(len(ticket.message_ids.filtered(lambda m: "Журнал во вложении" in (m.body or ""))), 1)
        # the assignee hears it in his own chat
        told = self._sent(ticket, "7703").filtered(lambda m: m.kind == "staff" and "Журнал во вложении" in m.text)
        self.assertEqual(len(told), 1)

    def test_reply_by_number_and_refusals(self):
        ticket = self._ticket(team=self.team_client_a, partner=self.partner)
        api = self._bridge_api()
        self.assertTrue(api.post_reply("7701", "Уточнение по заявке", number=ticket.number.lower())["ok"])
        self.assertIn("Уточнение по заявке", " ".join(ticket.message_ids.mapped("body")))
        count = len(ticket.message_ids)
        ticket.with_user(self.agent).message_post(
            body="Ответ клиенту", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        note = self._sent(ticket, "7701")[-1:]
        self._deliver(note, first_id=900)
        for chat, kwargs in (
            ("7702", {"number": ticket.number}),  # another client's chat
            ("7702", {"reply_to_message_id": "900"}),  # a message of another chat
            ("7701", {"reply_to_message_id": "12345"}),  # unknown message
            ("7701", {"number": "HT99999"}),
            ("7701", {}),
            ("0000", {"number": ticket.number}),  # a chat linked to nobody
        ):
            with self.subTest(chat=chat, kwargs=kwargs), self.assertRaises(UserError):
                api.post_reply(chat, "Чужое", **kwargs)
        with self.assertRaises(UserError):
            api.post_reply("7701", "   ", number=ticket.number)
        self.assertEqual(len(ticket.message_ids), count + 1, "only the agent's answer was added")
        for user in (self.portal_a, self.agent):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["coop.telegram.bridge"].with_user(user).post_reply("7701", "x", number=ticket.number)

    def test_assignee_notified_and_replies_from_telegram(self):
        ticket = self._ticket(team=self.team_client_a, partner=self.partner)
        ticket.user_id = self.agent
        assigned = self._sent(ticket, "7703").filtered(lambda m: m.kind == "staff")
        self.assertEqual(len(assigned), 1)
        self.assertIn(ticket.number, assigned.text)
        self._deliver(assigned, first_id=700)
        # the agent answers from Telegram: the reply is his, and reaches the requester's chat
        before = len(self._sent(ticket, "7701"))
        self._bridge_api().post_reply("7703", "Смотрю, отвечу через час.", reply_to_message_id="700")
        reply = ticket.message_ids.filtered(lambda m: "отвечу через час" in (m.body or ""))
        self.assertEqual(reply.author_id, self.agent.partner_id)
        self.assertEqual(len(self._sent(ticket, "7701")), before + 1)
        # a colleague who may not work on the ticket cannot answer through it
        self._link(self.agent2.partner_id, "7704")
        with self.assertRaises(UserError):
            self._bridge_api().post_reply("7704", "Я тоже", number=ticket.number)

    def test_each_kind_can_be_switched_off(self):
        self.agent.with_user(self.agent).write(
            {"coop_telegram_notify_assigned": False, "coop_telegram_notify_client_reply": False}
        )
        ticket = self._ticket(team=self.team_client_a, partner=self.partner, user_id=self.agent.id)
        ticket.with_user(self.portal_a).message_post(
            body="Есть новости?", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertFalse(self._sent(ticket, "7703"))

    def test_personal_code_from_preferences(self):
        self.agent.with_user(self.agent).action_coop_telegram_code()
        self.assertTrue(self.Link.search([("partner_id", "=", self.agent.partner_id.id), ("state", "=", "pending")]))
        with self.assertRaises(AccessError):
            self.agent2.with_user(self.agent).action_coop_telegram_code()
