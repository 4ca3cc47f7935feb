from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import UnionTelegramCase

SUBJECT = "Перерасчёт отпускных"
TEXT = "Прошу проверить расчёт отпускных за август: не учтена премия за квартал."


@tagged("post_install", "-at_install")
class TestAppealBridge(UnionTelegramCase):
    def test_member_files_appeal_once_in_his_organisation(self):
        info = self.facade.chat_info(self.CHAT_A1)
        self.assertTrue(info["linked"])
        self.assertTrue(info["union_member"])
        self.assertEqual(info["union_organization"], self.primary_a1.name)
        res = self.facade.create_appeal(self.CHAT_A1, SUBJECT, TEXT, True, "req-1")
        self.assertTrue(res["ok"], res)
        appeal = self.env["coop.union.appeal"].browse(res["id"])
        self.assertEqual(appeal.organization_id, self.primary_a1)
        self.assertEqual(appeal.member_id, self.member_a1)
        self.assertEqual(appeal.channel, "telegram")
        self.assertEqual((appeal.subject, appeal.text), (SUBJECT, TEXT))
        self.assertEqual(res["number"], appeal.name)
        # the bot retries (a lost answer, a second tap): the same appeal, no second one
        again = self.facade.create_appeal(self.CHAT_A1, SUBJECT, TEXT, True, "req-1")
        self.assertEqual(again["id"], appeal.id)
        self.assertEqual(len(self._appeals(member_id=self.member_a1.id)), 1)
        # the staff of his organisation see it; the staff of another region do not
        self.assertTrue(appeal.with_user(self.user_prim_a1).has_access("read"))
        self.assertFalse(appeal.with_user(self.user_prim_b1).has_access("read"))

    def test_request_uid_of_another_member_is_refused(self):
        self.facade.create_appeal(self.CHAT_A1, SUBJECT, TEXT, True, "req-taken")
        self._link(self.member_b1.partner_id, "880003")
        res = self.facade.create_appeal("880003", SUBJECT, TEXT, True, "req-taken")
        self.assertFalse(res["ok"])
        self.assertFalse(self._appeals(member_id=self.member_b1.id))

    def test_bad_input_is_refused_and_creates_nothing(self):
        before = self.env["coop.union.appeal"].search_count([])
        ru = self.facade.with_context(lang="ru_RU")
        cases = {
            "no consent": (self.CHAT_A1, SUBJECT, TEXT, False, "bad-1"),
            "empty text": (self.CHAT_A1, SUBJECT, "   ", True, "bad-2"),
            "empty subject": (self.CHAT_A1, " ", TEXT, True, "bad-3"),
            "subject too long": (self.CHAT_A1, "x" * 121, TEXT, True, "bad-4"),
            "no request id": (self.CHAT_A1, SUBJECT, TEXT, True, ""),
            "unlinked chat": ("880999", SUBJECT, TEXT, True, "bad-5"),
        }
        for what, args in cases.items():
            with self.subTest(what):
                res = ru.create_appeal(*args)
                self.assertFalse(res["ok"], what)
                self.assertTrue(res["error"], what)
        self.assertEqual(self.env["coop.union.appeal"].search_count([]), before)

    def test_contact_that_is_no_member_is_refused(self):
        outsider = self.env["res.partner"].create({"name": "Не член профсоюза", "email": "out@example.com"})
        self._link(outsider, "880010")
        self.assertFalse(self.facade.chat_info("880010").get("union_member"))
        res = self.facade.create_appeal("880010", SUBJECT, TEXT, True, "out-1")
        self.assertFalse(res["ok"])
        # a member who left is no member either
        self.member_a2.write(
            {"join_date": "2020-01-01", "leave_date": "2026-01-31", "leave_reason": "Уволился"}
        )
        self._link(self.member_a2.partner_id, "880002")
        res = self.facade.create_appeal("880002", SUBJECT, TEXT, True, "left-1")
        self.assertFalse(res["ok"])
        self.assertFalse(self._telegram_appeals())

    def test_only_the_bridge_may_call(self):
        portal = new_test_user(self.env, login="t_tg_portal", groups="base.group_portal")
        for user in (self.user_plain, portal, self.user_fed, self.user_prim_a1):
            with self.subTest(user=user.login):
                facade = self.env["coop.telegram.bridge"].with_user(user)
                with self.assertRaises(AccessError):
                    facade.create_appeal(self.CHAT_A1, SUBJECT, TEXT, True, f"x-{user.id}")
                with self.assertRaises(AccessError):
                    facade.chat_info(self.CHAT_A1)
        self.assertFalse(self._telegram_appeals())

    def test_link_tells_the_bot_about_the_membership(self):
        link = self.env["coop.telegram.link"].issue_code(self.member_b1.partner_id)
        res = self.facade.link_chat("880004", link.sudo().code)
        self.assertTrue(res["ok"])
        self.assertTrue(res["union_member"])
        self.assertEqual(res["union_organization"], self.primary_b1.name)

    def test_answer_goes_to_the_applicant_chat(self):
        res = self.facade.create_appeal(self.CHAT_A1, SUBJECT, TEXT, True, "req-answer")
        appeal = self.env["coop.union.appeal"].browse(res["id"])
        # a second chat of the same member is told too; another member's chat is not
        self._link(self.member_a1.partner_id, "880011")
        self._link(self.member_b1.partner_id, "880003")
        # the staff of his organisation answer it
        staff_appeal = appeal.with_user(self.user_prim_a1)
        staff_appeal.answer = "Премия будет учтена, перерасчёт — в сентябрьской зарплате."
        staff_appeal.action_answer()
        self.assertTrue(appeal.applicant_notified_date)
        messages = appeal.sudo().coop_telegram_outbox_ids
        self.assertEqual(sorted(messages.mapped("chat_id")), sorted([self.CHAT_A1, "880011"]))
        # told in Telegram, the channel the appeal came by: no e-mail
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "coop.union.appeal"), ("res_id", "=", appeal.id)])
        )
        self.assertFalse(mails.filtered(lambda m: "сентябрьской" in (m.body_html or "")))
        for message in messages:
            self.assertIn("перерасчёт — в сентябрьской зарплате", message.text)
            self.assertIn(appeal.name, message.text)
            self.assertEqual(message.state, "pending")
        # the answer is the union's: service desk staff who read the outbox do not see it
        agent = new_test_user(
            self.env, login="t_tg_agent", groups="base.group_user,helpdesk_mgmt.group_helpdesk_manager"
        )
        Outbox = self.env["coop.telegram.outbox"]
        self.assertFalse(Outbox.with_user(agent).search([("id", "in", messages.ids)]))
        self.assertEqual(
            Outbox.with_user(self.env.ref("base.user_admin")).search_count([("id", "in", messages.ids)]), 2
        )
        # an appeal of someone without a linked chat: nothing queued
        other = self.env["coop.union.appeal"].create(
            {
                "subject": "Без чата",
                "organization_id": self.primary_a2.id,
                "member_id": self.member_a2.id,
                "channel": "paper",
                "answer": "Ответ",
            }
        )
        self.assertFalse(other._coop_notify_applicant_telegram())
        self.assertFalse(other.sudo().coop_telegram_outbox_ids)

    def test_chat_unlinked_since_the_answer_goes_by_email(self):
        res = self.facade.create_appeal(self.CHAT_A1, SUBJECT, TEXT, True, "req-unlinked")
        appeal = self.env["coop.union.appeal"].browse(res["id"])
        self.link_a1.action_revoke()
        appeal.answer = "Ответ по электронной почте."
        appeal.action_answer()
        self.assertFalse(appeal.sudo().coop_telegram_outbox_ids)
        self.assertTrue(appeal.applicant_notified_date)
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "coop.union.appeal"), ("res_id", "=", appeal.id)])
        )
        self.assertTrue(mails.filtered(lambda m: "Ответ по электронной почте" in (m.body_html or "")))
