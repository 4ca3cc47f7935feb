from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ServicedeskCase


@tagged("post_install", "-at_install")
class TestTelegramLink(ServicedeskCase):
    def test_code_links_once(self):
        link = self.Link.issue_code(self.portal_a.partner_id)
        self.assertEqual(link.state, "pending")
        self.assertEqual(len(link.code), 8)
        api = self._bridge_api()
        res = api.link_chat("5001", link.code.lower(), "anna_tg")
        self.assertEqual(res, {"ok": True, "partner_name": "Анна Альфина"})
        self.assertEqual(link.state, "linked")
        self.assertEqual(link.chat_id, "5001")
        self.assertEqual(link.username, "anna_tg")
        again = api.link_chat("5002", link.code, False)
        self.assertFalse(again["ok"])
        self.assertTrue(again["error"])
        self.assertEqual(link.chat_id, "5001", "a reused code changes nothing")

    def test_expired_and_unknown_code(self):
        link = self.Link.issue_code(self.portal_a.partner_id)
        link.expires_at = fields.Datetime.now() - timedelta(minutes=1)
        res = self._bridge_api().link_chat("5003", link.code)
        self.assertFalse(res["ok"])
        self.assertEqual(link.state, "expired")
        self.assertFalse(link.chat_id)
        self.assertFalse(self._bridge_api().link_chat("5003", "NOSUCH12")["ok"])
        self.assertFalse(self._bridge_api().chat_info("5003")["linked"])

    def test_new_code_lapses_previous(self):
        first = self.Link.issue_code(self.portal_a.partner_id)
        second = self.Link.issue_code(self.portal_a.partner_id)
        self.assertEqual(first.state, "expired")
        self.assertEqual(second.state, "pending")
        self.assertFalse(self._bridge_api().link_chat("5004", first.code)["ok"])

    def test_revoke(self):
        link = self._link(self.portal_a.partner_id, "5005")
        api = self._bridge_api()
        self.assertTrue(api.chat_info("5005")["linked"])
        link.action_revoke()
        self.assertEqual(link.state, "revoked")
        info = api.chat_info("5005")
        self.assertFalse(info["linked"])
        self.assertFalse(info["partner_name"])
        self.assertEqual(api.list_teams("5005"), [])

    def test_chat_relinked_to_other_person(self):
        old = self._link(self.portal_a.partner_id, "5006")
        self._link(self.portal_b.partner_id, "5006")
        self.assertEqual(old.state, "revoked")
        self.assertEqual(self._bridge_api().chat_info("5006")["partner_name"], "Борис Бетин")

    def test_code_by_email(self):
        partner = self.portal_a.partner_id
        action = partner.action_issue_telegram_code()
        link = self.Link.browse(action["res_id"])
        mail = self.env["mail.mail"].search([("model", "=", "coop.telegram.link"), ("res_id", "=", link.id)])
        self.assertEqual(len(mail), 1)
        self.assertIn(link.code, mail.body_html)
        self.assertIn(partner, mail.recipient_ids)
        partner.email = False
        link2 = self.Link.issue_code(partner)
        with self.assertRaises(UserError):
            link2.action_send_code_email()

    def test_request_code_by_email_from_bot(self):
        api = self._bridge_api()
        before = self.Link.search_count([("partner_id", "=", self.staff.partner_id.id)])
        self.assertEqual(api.request_link_code("5007", "SERGEY@coop.example"), {"ok": True})
        self.assertEqual(
            self.Link.search_count([("partner_id", "=", self.staff.partner_id.id)]),
            before + 1,
        )
        # an unknown address gets the same answer and creates nothing
        count = self.Link.search_count([])
        self.assertEqual(api.request_link_code("5007", "nobody@nowhere.example"), {"ok": True})
        self.assertEqual(self.Link.search_count([]), count)
