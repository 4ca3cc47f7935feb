from odoo.addons.mail.tests.common import MockEmail
from odoo.tests import tagged

from .common import ServicedeskCase


@tagged("post_install", "-at_install")
class TestNotificationTemplates(ServicedeskCase, MockEmail):
    """The requester's notifications are mail templates: one e-mail per event, the same text in
    Telegram, whatever helpdesk_mgmt's own stage templates say."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner = cls.portal_a.partner_id
        cls._link(cls.partner, "7001")
        cls.st_wait.coop_waiting_client = True
        cls.closed_template = cls.env.ref("helpdesk_mgmt.closed_ticket_template")

    def _outbox(self, ticket):
        return self.Outbox.search([("ticket_id", "=", ticket.id), ("kind", "=", "notification")], order="id")

    def _mails_to_requester(self):
        return self._new_mails.filtered(
            lambda m: self.partner in m.recipient_ids or (m.email_to or "").find(self.partner.email) >= 0
        )

    def _move(self, ticket, stage):
        ticket.with_user(self.agent).stage_id = stage
        # helpdesk_mgmt's stage templates go out with the tracking, at the end of the transaction
        self.env.flush_all()
        self.env.cr.precommit.run()

    def test_events_come_from_templates(self):
        ticket = self._ticket(team=self.team_client_a, partner=self.partner, name="Проверка логов")
        with self.mock_mail_gateway():
            self._move(ticket, self.st_work)
        self.assertEqual(len(self._mails_to_requester()), 1)
        message = ticket.message_ids.filtered(lambda m: m.subject and ticket.number in m.subject)
        self.assertEqual(message.subject, f"{ticket.number}: your request has been taken into work")
        self.assertEqual(len(self._outbox(ticket)), 1)
        self.assertIn("has been taken into work", self._outbox(ticket).text)
        self.assertIn(ticket.number, self._outbox(ticket).text)
        with self.mock_mail_gateway():
            self._move(ticket, self.st_wait)
        self.assertEqual(len(self._mails_to_requester()), 1, "a waiting stage tells the requester")
        self.assertIn("we need your answer", self._outbox(ticket)[-1].text)
        ticket.with_user(self.portal_a).message_post(
            body="Логи во вложении", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        with self.mock_mail_gateway():
            self._move(ticket, self.st_done)
        self.assertEqual(len(self._mails_to_requester()), 1)
        self.assertIn("is done", self._outbox(ticket)[-1].text)
        self.assertEqual(len(self._outbox(ticket)), 3)

    def test_administrator_edits_the_template(self):
        template = self.env.ref("coop_servicedesk.mail_template_ticket_taken")
        template.body_html = "<p>Заявку <t t-out='object.number'/> взяла в работу команда юристов.</p>"
        ticket = self._ticket(team=self.team_client_a, partner=self.partner)
        self._move(ticket, self.st_work)
        self.assertEqual(self._outbox(ticket).text, f"Заявку {ticket.number} взяла в работу команда юристов.")

    def test_requester_reads_his_language(self):
        if not self.env["res.lang"]._lang_get("ru_RU"):
            self.env["res.lang"]._activate_lang("ru_RU")
            self.env["ir.module.module"].search([("name", "=", "coop_servicedesk")])._update_translations(["ru_RU"])
        self.partner.lang = "ru_RU"
        ticket = self._ticket(team=self.team_client_a, partner=self.partner)
        self._move(ticket, self.st_work)
        self.assertIn("взята в работу", self._outbox(ticket).text)
        self.assertIn("взята в работу", ticket.message_ids.filtered("subject")[:1].subject)

    def test_one_email_with_helpdesk_mgmt_stage_templates_on(self):
        """helpdesk_mgmt's "closed" template on the done stage and the coop notification on:
        the requester gets one e-mail, from the stage's template, and the same in Telegram."""
        (self.st_work | self.st_done).mail_template_id = self.closed_template
        ticket = self._ticket(team=self.team_client_a, partner=self.partner)
        with self.mock_mail_gateway():
            self._move(ticket, self.st_work)
        self.assertEqual(len(self._mails_to_requester()), 1)
        with self.mock_mail_gateway():
            self._move(ticket, self.st_done)
        mails = self._mails_to_requester()
        self.assertEqual(len(mails), 1)
        rendered = ticket._coop_render_requester_template(self.closed_template)
        self.assertEqual(mails.subject, rendered["subject"])
        self.assertEqual(self._outbox(ticket)[-1].text, rendered["text"][:3500])

    def test_stage_template_alone_still_mails_once(self):
        """A stage that does not notify the requester itself keeps helpdesk_mgmt's e-mail."""
        self.st_wait.coop_waiting_client = False
        self.st_wait.mail_template_id = self.closed_template
        ticket = self._ticket(team=self.team_client_a, partner=self.partner)
        with self.mock_mail_gateway():
            self._move(ticket, self.st_wait)
        self.assertEqual(len(self._mails_to_requester()), 1)
        self.assertFalse(self._outbox(ticket))
