from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import UnionTelegramCase


@tagged("post_install", "-at_install")
class TestMemberLink(UnionTelegramCase):
    def _pending(self, partner):
        return (
            self.env["coop.telegram.link"]
            .sudo()
            .search([("partner_id", "=", partner.id), ("state", "=", "pending")])
        )

    def test_staff_of_the_organisation_send_the_code_by_email(self):
        self.env["ir.config_parameter"].sudo().set_param("coop_servicedesk.telegram_code_reissue_seconds", 0)
        member = self.member_a2
        self.assertFalse(member.coop_telegram_linked)
        member.with_user(self.user_reg_a).action_coop_telegram_code()
        link = self._pending(member.partner_id)
        self.assertEqual(len(link), 1)
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "coop.telegram.link"), ("res_id", "=", link.id)])
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(link.code, mail.body_html)
        self.assertEqual(mail.recipient_ids, member.partner_id)
        # once the member sends the code to the bot, his chat is linked
        res = self.facade.link_chat("881002", link.code)
        self.assertTrue(res["ok"])
        member.invalidate_recordset(["coop_telegram_linked"])
        self.assertTrue(member.coop_telegram_linked)

    def test_code_by_sms_without_email(self):
        member = self.member_b1
        member.email = False
        member.with_user(self.user_prim_b1).action_coop_telegram_code()
        link = self._pending(member.partner_id)
        self.assertEqual(len(link), 1)
        sms = self.env["sms.sms"].sudo().search([("partner_id", "=", member.partner_id.id)])
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.number, member.sms_number)
        self.assertIn(link.code, sms.body)

    def test_no_contact_to_send_to(self):
        member = self.member_b1
        member.write({"email": False, "mobile": False})
        with self.assertRaises(UserError):
            member.with_user(self.user_prim_b1).action_coop_telegram_code()
        self.assertFalse(self._pending(member.partner_id))

    def test_staff_of_another_subtree_and_outsiders_may_not(self):
        portal = new_test_user(self.env, login="t_tg_portal2", groups="base.group_portal")
        for user in (self.user_prim_b1, self.user_plain, portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.member_a1.with_user(user).action_coop_telegram_code()
        self.assertFalse(self._pending(self.member_a1.partner_id))
        # the federation may
        self.member_a1.with_user(self.user_fed).action_coop_telegram_code()
        self.assertTrue(self._pending(self.member_a1.partner_id))
