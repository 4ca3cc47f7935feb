from datetime import datetime, time, timedelta

import pytz
from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import CoopCirclesCase


@tagged("post_install", "-at_install")
class TestConsentRound(CoopCirclesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create({"name": "Пятидневка", "tz": "Europe/Moscow"})
        cls.circle.resource_calendar_id = cls.calendar
        cls.portal = new_test_user(cls.env, login="circ_portal", groups="base.group_portal")

    def _proposal(self, mode="async", **vals):
        values = {
            "name": "Дежурства по срочным заявкам",
            "circle_id": self.circle.id,
            "text": "Каждую неделю один участник дежурит.",
            "owner_id": self.user_coord.id,
            "consent_mode": mode,
            "objection_window_days": 3,
        }
        values.update(vals)
        agreement = self.env["coop.agreement"].with_user(self.user_coord).create(values)
        agreement.action_propose()
        return agreement.sudo()

    def _working_days_after(self, start, count, holidays=()):
        day, found = start, []
        while len(found) < count:
            day += timedelta(days=1)
            if day.weekday() < 5 and day not in holidays:
                found.append(day)
        return found[-1]

    def _holiday(self, day):
        tz = pytz.timezone("Europe/Moscow")
        start = tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc).replace(tzinfo=None)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "День народного единства",
                "calendar_id": self.calendar.id,
                "date_from": start,
                "date_to": start + timedelta(hours=23, minutes=59),
                "time_type": "leave",
            }
        )

    def _local_today(self):
        return pytz.utc.localize(fields.Datetime.now()).astimezone(pytz.timezone("Europe/Moscow")).date()

    def test_members_asked_answer_and_the_record_shows_who(self):
        agreement = self._proposal(mode="meeting")
        self.assertEqual(agreement.asked_user_ids, self.user_coord | self.user_lead | self.user_member)
        self.assertEqual(agreement.pending_count, 3)
        # The proposer alone does not consent for the circle.
        agreement.with_user(self.user_coord).action_answer_consent()
        with self.assertRaises(UserError):
            agreement.with_user(self.user_coord).action_consent()
        self.assertEqual(agreement.state, "proposed")
        agreement.with_user(self.user_lead).action_answer_stand_aside()
        self.assertEqual(agreement.pending_user_ids, self.user_member)
        action = agreement.with_user(self.user_member).action_answer_object()
        self.assertEqual(action["res_model"], "coop.agreement.objection")
        objection = (
            self.env["coop.agreement.objection"]
            .with_user(self.user_member)
            .with_context(**action["context"])
            .create({"reasoning": "Дежурный не успевает свой проект."})
        )
        answers = {a.user_id: a.answer for a in agreement.answer_ids}
        self.assertEqual(
            answers,
            {self.user_coord: "consent", self.user_lead: "stand_aside", self.user_member: "object"},
        )
        self.assertEqual(
            agreement.answer_ids.filtered(lambda a: a.answer == "object").objection_id, objection
        )
        self.assertEqual(agreement.with_user(self.user_member).my_answer, "object")
        # The objection must be integrated before the circle consents.
        with self.assertRaises(UserError):
            agreement.with_user(self.user_coord).action_consent()
        objection.with_user(self.user_coord).write({"integration": "Дежурство раз в две недели."})
        objection.with_user(self.user_coord).action_integrate()
        agreement.with_user(self.user_coord).write({"review_date": self.today + timedelta(days=90)})
        agreement.with_user(self.user_coord).action_consent()
        self.assertEqual(agreement.state, "consented")

    def test_answers_refused_to_outsiders(self):
        agreement = self._proposal()
        with self.assertRaises(UserError):
            agreement.with_user(self.user_other).action_answer_consent()
        with self.assertRaises(UserError):
            agreement.with_user(self.user_other).action_answer_object()
        with self.assertRaises(AccessError):
            agreement.with_user(self.portal).action_answer_consent()
        with self.assertRaises(AccessError):
            agreement.with_user(self.portal).action_answer_stand_aside()
        with self.assertRaises(AccessError):
            self.env["coop.agreement.answer"].with_user(self.user_member).create(
                {"agreement_id": agreement.id, "user_id": self.user_member.id, "answer": "consent"}
            )
        with self.assertRaises(UserError):
            agreement.with_user(self.user_coord).write({"consent_deadline": fields.Datetime.now()})
        with self.assertRaises(UserError):
            agreement.with_user(self.user_coord).write({"objection_window_days": 1})
        self.assertFalse(agreement.answer_ids)
        # A member answers once; the last answer counts.
        agreement.with_user(self.user_member).action_answer_stand_aside()
        agreement.with_user(self.user_member).action_answer_consent()
        self.assertEqual(agreement.answer_ids.answer, "consent")
        # Answers are the public record: another circle's member reads them, the portal does not.
        self.assertEqual(
            self.env["coop.agreement.answer"]
            .with_user(self.user_other)
            .search([("agreement_id", "=", agreement.id)]),
            agreement.answer_ids,
        )
        with self.assertRaises(AccessError):
            self.env["coop.agreement.answer"].with_user(self.portal).search([])

    def test_async_accepted_once_at_deadline_with_holiday_skipped(self):
        today = self._local_today()
        holiday = self._working_days_after(today, 2)
        self._holiday(holiday)
        agreement = self._proposal()
        last_day = self._working_days_after(today, 3, holidays={holiday})
        self.assertGreater(last_day, self._working_days_after(today, 3))
        tz = pytz.timezone("Europe/Moscow")
        expected = (
            tz.localize(datetime.combine(last_day, time(17, 0))).astimezone(pytz.utc).replace(tzinfo=None)
        )
        self.assertEqual(agreement.consent_deadline, expected)
        # Every member is asked: a to-do each, due at the deadline.
        todo = self.env.ref("coop_circles.mail_activity_type_consent_answer")
        self.assertEqual(
            agreement.activity_ids.filtered(lambda a: a.activity_type_id == todo).user_id,
            agreement.asked_user_ids,
        )
        agreement.with_user(self.user_lead).action_answer_consent()
        self.assertEqual(
            agreement.activity_ids.filtered(lambda a: a.activity_type_id == todo).user_id,
            self.user_coord | self.user_member,
        )
        Agreement = self.env["coop.agreement"]
        # Before the last working day: nothing.
        self.assertFalse(Agreement._cron_consent_deadline(now=expected - timedelta(days=1)))
        self.assertFalse(agreement.reminder_sent)
        # On the last day: a reminder to those who did not answer, once.
        messages = len(agreement.message_ids)
        self.assertFalse(Agreement._cron_consent_deadline(now=expected - timedelta(hours=1)))
        self.assertTrue(agreement.reminder_sent)
        self.assertEqual(len(agreement.message_ids), messages + 1)
        self.assertEqual(
            agreement.message_ids[0].partner_ids, (self.user_coord | self.user_member).partner_id
        )
        Agreement._cron_consent_deadline(now=expected - timedelta(minutes=30))
        self.assertEqual(len(agreement.message_ids), messages + 1)
        self.assertEqual(agreement.state, "proposed")
        # At the deadline: accepted, once.
        accepted = Agreement._cron_consent_deadline(now=expected)
        self.assertEqual(accepted, agreement)
        self.assertEqual(agreement.state, "consented")
        self.assertTrue(agreement.accepted_automatically)
        self.assertGreater(agreement.review_date, self.today)
        self.assertFalse(agreement.activity_ids.filtered(lambda a: a.activity_type_id == todo))
        messages = len(agreement.message_ids)
        self.assertFalse(Agreement._cron_consent_deadline(now=expected + timedelta(days=1)))
        self.assertEqual(len(agreement.message_ids), messages)
        self.assertEqual(agreement.consent_date, fields.Date.context_today(agreement))

    def test_async_objection_stops_the_clock(self):
        agreement = self._proposal()
        self.env["coop.agreement.objection"].with_user(self.user_member).create(
            {"agreement_id": agreement.id, "reasoning": "Сначала договоримся о подменах."}
        )
        self.assertTrue(agreement.clock_stopped)
        self.assertFalse(
            self.env["coop.agreement"]._cron_consent_deadline(
                now=agreement.consent_deadline + timedelta(days=1)
            )
        )
        self.assertEqual(agreement.state, "proposed")
        self.assertFalse(agreement.accepted_automatically)

    def test_async_withdrawn_objection_still_not_accepted_by_the_job(self):
        """An objection, even withdrawn, sent the proposal to a meeting: the job leaves it there."""
        agreement = self._proposal()
        objection = (
            self.env["coop.agreement.objection"]
            .with_user(self.user_member)
            .create({"agreement_id": agreement.id, "reasoning": "Не уверен."})
        )
        objection.with_user(self.user_member).action_withdraw()
        self.assertFalse(self.env["coop.agreement"]._cron_consent_deadline(now=agreement.consent_deadline))
        self.assertEqual(agreement.state, "proposed")

    def test_circle_without_members_cannot_be_asked(self):
        empty = self.Circle.create({"name": "Пустой круг", "kind": "service"})
        agreement = self.env["coop.agreement"].create({"name": "x", "circle_id": empty.id, "text": "x"})
        with self.assertRaises(UserError):
            agreement.action_propose()
        self.assertEqual(agreement.state, "draft")
