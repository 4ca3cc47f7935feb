from datetime import timedelta

from dateutil.relativedelta import relativedelta
from odoo import fields
from odoo.tests import tagged

from .common import UnionCase


@tagged("post_install", "-at_install")
class TestBirthday(UnionCase):
    def test_next_birthday_recurs(self):
        today = fields.Date.context_today(self.env["coop.union.member"])
        self.member_a1.birthdate = today - relativedelta(years=40, days=1)
        self.assertEqual(self.member_a1.next_birthday, today - relativedelta(days=1) + relativedelta(years=1))
        self.assertEqual(self.member_a1.age_next_birthday, 41)

    def test_reminder_to_congratulators_once(self):
        today = fields.Date.context_today(self.env["coop.union.member"])
        self.primary_a1.chairman_id = self.member_a1
        self.region_a.congratulator_ids = self.user_reg_a
        self.member_a1.birthdate = today + timedelta(days=2) - relativedelta(years=50)
        self.member_a2.birthdate = today + timedelta(days=2) - relativedelta(years=30)  # not a key person
        self.member_b1.birthdate = today + timedelta(days=20) - relativedelta(years=30)
        self.member_b1.is_key_person = True
        coming = self.env["coop.union.member"]._cron_birthday_reminders(days_before=3)
        self.assertEqual(coming & (self.member_a1 | self.member_a2 | self.member_b1), self.member_a1)
        activities = self.member_a1.activity_ids
        self.assertEqual(activities.user_id, self.user_reg_a)
        self.assertEqual(activities.date_deadline, self.member_a1.next_birthday)
        self.assertIn("50", activities.summary)
        self.env["coop.union.member"]._cron_birthday_reminders(days_before=3)
        self.assertEqual(len(self.member_a1.activity_ids), 1, "one reminder a year")
        self.assertFalse(self.member_a2.activity_ids)
