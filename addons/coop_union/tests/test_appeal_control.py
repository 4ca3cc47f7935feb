from datetime import date

from freezegun import freeze_time
from odoo import Command
from odoo.addons.coop_base.tests.common import five_day_calendar
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import UnionCase


@tagged("post_install", "-at_install")
class TestAppealControl(UnionCase):
    """Deadlines in working days of the office's calendar; overdue appeals remind their
    responsible and escalate to the chairman, once each; the answer is an outgoing document."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = five_day_calendar(cls.env, "Union office week", "Europe/Moscow")
        # Friday 12 July 2030: the office's day off
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Office day off",
                "calendar_id": cls.calendar.id,
                "date_from": "2030-07-11 21:00:00",
                "date_to": "2030-07-12 20:59:59",
                "time_type": "leave",
            }
        )
        cls.office = cls.env["coop.docflow.office"].create(
            {"name": "Region A office", "code": "T-RA-OFF", "resource_calendar_id": cls.calendar.id}
        )
        cls.region_a.office_id = cls.office
        cls.type_short = cls.env["coop.union.appeal.type"].create({"name": "Urgent", "response_days": 2})
        cls.chair_user = new_test_user(
            cls.env,
            login="t_union_chair_a1",
            groups="base.group_user,coop_union.group_union_user",
            partner_id=cls.member_a1.partner_id.id,
        )
        cls.primary_a1.chairman_id = cls.member_a1
        cls.env["ir.config_parameter"].set_param("coop_union.appeal_escalation_days", "3")

    def _appeal(self, **vals):
        values = {
            "subject": "Overtime",
            "text": "24 hours are missing.",
            "applicant_name": "Ivan",
            "applicant_contact": "ivan@example.com",
            "channel": "email",
            "organization_id": self.primary_a1.id,
            "type_id": self.type_short.id,
            "date": "2030-07-11",
            "user_id": self.user_prim_a1.id,
        }
        values.update(vals)
        return self.env["coop.union.appeal"].create(values)

    def _activities(self, appeal, user):
        return self.env["mail.activity"].search(
            [("res_model", "=", "coop.union.appeal"), ("res_id", "=", appeal.id), ("user_id", "=", user.id)]
        )

    def test_deadline_skips_weekend_and_holiday(self):
        appeal = self._appeal()
        # Thursday 11 July; Friday is the office's day off, then the weekend: Mon 15 and Tue 16
        self.assertEqual(appeal.deadline, date(2030, 7, 16))
        appeal.type_id = self.env["coop.union.appeal.type"].create({"name": "Long", "response_days": 5})
        self.assertEqual(appeal.deadline, date(2030, 7, 19))

    def test_overdue_activity_and_escalation_once(self):
        appeal = self._appeal()
        Appeal = self.env["coop.union.appeal"]
        with freeze_time("2030-07-16 12:00:00"):
            Appeal._cron_coop_overdue_appeals()
        self.assertFalse(appeal.is_overdue, "the deadline day itself is not overdue")
        self.assertFalse(self._activities(appeal, self.user_prim_a1))
        with freeze_time("2030-07-17 09:00:00"):
            Appeal._cron_coop_overdue_appeals()
            Appeal._cron_coop_overdue_appeals()
        self.assertTrue(appeal.is_overdue)
        self.assertEqual(len(self._activities(appeal, self.user_prim_a1)), 1)
        self.assertFalse(
            self._activities(appeal, self.chair_user), "escalated only 3 days after the deadline"
        )
        with freeze_time("2030-07-19 09:00:00"):
            Appeal._cron_coop_overdue_appeals()
            Appeal._cron_coop_overdue_appeals()
        self.assertEqual(len(self._activities(appeal, self.user_prim_a1)), 1)
        self.assertEqual(len(self._activities(appeal, self.chair_user)), 1)
        self.assertTrue(appeal.escalation_date)
        # an answered appeal is no longer controlled
        answered = self._appeal(state="answered")
        with freeze_time("2030-07-25 09:00:00"):
            Appeal._cron_coop_overdue_appeals()
        self.assertFalse(answered.is_overdue)
        self.assertFalse(self._activities(answered, self.user_prim_a1))

    def test_escalation_to_office_chairman_without_chairing_member(self):
        self.primary_a1.chairman_id = False
        self.office.chairman_id = self.user_reg_a
        appeal = self._appeal()
        with freeze_time("2030-07-22 09:00:00"):
            self.env["coop.union.appeal"]._cron_coop_overdue_appeals()
        self.assertEqual(len(self._activities(appeal, self.user_reg_a)), 1)

    def test_answer_document_and_email_to_applicant(self):
        appeal = self._appeal(date="2030-07-11").with_user(self.user_prim_a1)
        appeal.answer = "Your overtime will be paid with the July salary."
        action = appeal.action_create_answer()
        document = appeal.sudo().answer_document_id
        self.assertEqual(action["res_id"], document.id)
        self.assertEqual(document.doc_type, "outgoing")
        self.assertEqual(document.recipient_ids.mapped("email"), ["ivan@example.com"])
        if "office_id" in document._fields:
            self.assertEqual(document.office_id, self.office)
        self.assertFalse(appeal.applicant_notified_date)
        self.assertEqual(document.coop_union_appeal_id, appeal)
        self.assertEqual(document.action_open_coop_union_appeal()["res_id"], appeal.id)
        self.assertFalse(document.with_user(self.user_plain).sudo(False).coop_union_appeal_id)
        document.sudo().write({"state": "approved"})
        with freeze_time("2030-07-15 10:00:00"):
            document.sudo().action_dispatch(dispatch_method="email")
        self.assertEqual(appeal.state, "answered")
        self.assertEqual(appeal.answer_date, date(2030, 7, 15))
        self.assertEqual(appeal.days_to_answer, 4)
        self.assertFalse(appeal.is_overdue)
        self.assertTrue(appeal.applicant_notified_date)
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "coop.union.appeal"),
                    ("res_id", "=", appeal.id),
                    ("email_to", "=", "ivan@example.com"),
                ]
            )
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("July salary", mail.body_html)

    def test_portal_applicant_told_on_the_appeal(self):
        appeal = self._appeal(channel="portal", member_id=self.member_a2.id, partner_id=False)
        self.assertEqual(appeal.partner_id, self.member_a2.partner_id)
        appeal.answer = "Granted."
        appeal.action_start()
        appeal.action_answer()
        message = appeal.message_ids.filtered(lambda m: self.member_a2.partner_id in m.partner_ids)
        self.assertEqual(len(message), 1)
        self.assertIn("Granted.", message.body)

    def test_answer_refused_outside_the_subtree(self):
        appeal = self._appeal(answer="Text")
        with self.assertRaises(AccessError):
            appeal.with_user(self.user_prim_b1).action_create_answer()
        self.assertFalse(appeal.answer_document_id)
        self.assertFalse(
            self.env["coop.union.appeal"].with_user(self.user_prim_b1).search([("id", "=", appeal.id)])
        )

    def test_responsible_falls_back_to_staff(self):
        """An office with no secretary nor chairman: the organisation's staff take the appeals."""
        self.primary_a1.staff_user_ids = [Command.set(self.user_prim_a1.ids)]
        self.assertEqual(self.primary_a1._coop_appeal_responsible(), self.user_prim_a1)
        self.office.secretary_ids = [Command.set(self.user_reg_a.ids)]
        self.assertEqual(self.primary_a1._coop_appeal_responsible(), self.user_reg_a)

    def test_analysis_by_channel_within_the_subtree(self):
        """The appeal analysis groups by channel and overdue, averages the days to answer, and
        counts for staff only the appeals of their subtree."""
        self._appeal(channel="web", answer_date="2030-07-15", state="answered")
        self._appeal(channel="web", answer_date="2030-07-21", state="answered")
        self._appeal(channel="portal", organization_id=self.primary_b1.id, user_id=self.user_prim_b1.id)
        Appeal = self.env["coop.union.appeal"].with_user(self.user_reg_a)
        groups = Appeal.read_group(
            [("date", "=", "2030-07-11")], ["days_to_answer:avg"], ["channel"], lazy=False
        )
        by_channel = {group["channel"]: group for group in groups}
        self.assertEqual(set(by_channel), {"web"})
        self.assertEqual(by_channel["web"]["__count"], 2)
        self.assertEqual(by_channel["web"]["days_to_answer"], 7)
        self.assertTrue(self.env.ref("coop_union.action_coop_union_appeal_report").view_ids)

    def test_hashed_addresses_forgotten_after_a_day(self):
        Appeal = self.env["coop.union.appeal"]
        old = Appeal._coop_create_from_channel(
            {
                "subject": "a",
                "text": "b",
                "organization_id": self.primary_a1.id,
                "applicant_name": "X",
                "consent": True,
                "source_key": "k1",
            },
            "web",
        )
        recent = Appeal._coop_create_from_channel(
            {
                "subject": "a",
                "text": "b",
                "organization_id": self.primary_a1.id,
                "applicant_name": "X",
                "consent": True,
                "source_key": "k2",
            },
            "web",
        )
        Appeal.flush_model()
        self.env.cr.execute(
            "UPDATE coop_union_appeal SET create_date = now() at time zone 'UTC' - interval '25 hours' WHERE id = %s",
            [old.id],
        )
        Appeal.invalidate_model(["create_date"])
        Appeal._cron_coop_overdue_appeals()
        self.assertFalse(old.source_key)
        self.assertEqual(recent.source_key, "k2")
