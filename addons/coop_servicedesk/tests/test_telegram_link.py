from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ServicedeskBase, WithPeople


@tagged("post_install", "-at_install")
class TestTelegramLink(WithPeople, ServicedeskBase):
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
        action = partner.with_user(self.agent).action_issue_telegram_code()
        self.assertEqual(action["tag"], "display_notification")
        link = self.Link.search([("partner_id", "=", partner.id), ("state", "=", "pending")])
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

    def test_wrong_codes_are_limited_per_chat(self):
        api = self._bridge_api()
        Attempt = self.env["coop.telegram.link.attempt"]
        link = self.Link.issue_code(self.portal_a.partner_id)
        for i in range(5):
            res = api.link_chat("5100", f"WRONG{i:03d}")
            self.assertFalse(res["ok"])
            self.assertNotIn("Too many", res["error"])
        self.assertEqual(Attempt.search_count([("chat_id", "=", "5100")]), 5, "kept in the database")
        # the sixth try is refused even with the right code, and changes nothing
        res = api.link_chat("5100", link.code)
        self.assertFalse(res["ok"])
        self.assertIn("Too many wrong codes", res["error"])
        self.assertIn("min", res["error"])
        self.assertEqual(link.state, "pending")
        self.assertFalse(link.chat_id)
        self.assertEqual(Attempt.search_count([("chat_id", "=", "5100")]), 5)
        # another chat is not affected
        other = api.link_chat("5101", "WRONG999")
        self.assertNotIn("Too many", other["error"])
        # the bridge cannot read or wipe the counter itself
        with self.assertRaises(AccessError):
            Attempt.with_user(self.bridge).search([])
        # once the failures are older than the window, the chat may try again
        self.env.cr.execute(
            "UPDATE coop_telegram_link_attempt SET create_date = create_date - interval '61 minutes' "
            "WHERE chat_id = %s",
            ["5100"],
        )
        Attempt.invalidate_model()
        res = api.link_chat("5100", link.code)
        self.assertTrue(res["ok"])
        self.assertEqual(link.chat_id, "5100")
        self.assertFalse(Attempt.search_count([("chat_id", "=", "5100")]), "a success clears the counter")

    def test_wrong_code_limit_is_configurable(self):
        self.env["ir.config_parameter"].sudo().set_param("coop_servicedesk.telegram_link_max_failures", "2")
        api = self._bridge_api()
        api.link_chat("5102", "WRONG001")
        api.link_chat("5102", "WRONG002")
        self.assertIn("Too many wrong codes", api.link_chat("5102", "WRONG003")["error"])
