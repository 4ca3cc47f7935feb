from odoo.tests import tagged

from .common import ServicedeskBase, WithTeams


@tagged("post_install", "-at_install")
class TestNotifications(WithTeams, ServicedeskBase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._link(cls.portal_a.partner_id, "6001")

    def _outbox(self, ticket, kind="notification"):
        return self.Outbox.search([("ticket_id", "=", ticket.id), ("kind", "=", kind)])

    def _emails_to(self, ticket, partner):
        return self.env["mail.notification"].search(
            [
                ("mail_message_id", "in", ticket.message_ids.ids),
                ("res_partner_id", "=", partner.id),
                ("notification_type", "=", "email"),
            ]
        )

    def test_new_ticket_posted_to_team_chat(self):
        ticket = self._ticket(name="Согласовать NDA")
        posts = self._outbox(ticket, "team_chat")
        self.assertEqual(len(posts), 1)
        self.assertEqual(posts.chat_id, "-100111")
        self.assertIn(ticket.number, posts.text)
        self.assertIn("Согласовать NDA", posts.text)
        quiet = self._ticket(team=self.team_acc)
        self.assertFalse(self._outbox(quiet, "team_chat"), "team without a chat")

    def test_stage_notifications(self):
        partner = self.portal_a.partner_id
        ticket = self._ticket(team=self.team_client_a, partner=partner, name="Проверка логов")
        self.assertFalse(self._outbox(ticket))
        self.assertFalse(self._emails_to(ticket, partner))
        ticket.stage_id = self.st_work
        msgs = self._outbox(ticket)
        self.assertEqual(len(msgs), 1)
        self.assertEqual(msgs.chat_id, "6001")
        self.assertEqual(msgs.partner_id, partner)
        self.assertIn(ticket.number, msgs.text)
        self.assertEqual(len(self._emails_to(ticket, partner)), 1)
        # a stage without notification: nothing new
        ticket.stage_id = self.st_wait
        self.assertEqual(len(self._outbox(ticket)), 1)
        self.assertEqual(len(self._emails_to(ticket, partner)), 1)
        ticket.stage_id = self.st_done
        self.assertEqual(len(self._outbox(ticket)), 2)
        self.assertEqual(len(self._emails_to(ticket, partner)), 2)

    def test_unlinked_requester_gets_email_only(self):
        partner = self.portal_a2.partner_id
        ticket = self._ticket(team=self.team_client_a, partner=partner)
        ticket.stage_id = self.st_work
        self.assertFalse(self._outbox(ticket))
        self.assertEqual(len(self._emails_to(ticket, partner)), 1)

    def test_public_reply_goes_to_telegram_note_does_not(self):
        partner = self.portal_a.partner_id
        ticket = self._ticket(team=self.team_client_a, partner=partner)
        ticket.with_user(self.agent).message_post(
            body="Внутренняя заметка", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(self._outbox(ticket))
        ticket.with_user(self.agent).message_post(
            body="Закрыли порт 3389 на периметре.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        msgs = self._outbox(ticket)
        self.assertEqual(len(msgs), 1)
        self.assertIn("3389", msgs.text)
        # the requester's own message is not echoed back to them
        ticket.with_user(self.portal_a).message_post(
            body="Спасибо!", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(len(self._outbox(ticket)), 1)
