from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..tools.birthday import birthday_in
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


@tagged("post_install", "-at_install")
class TestLeapDayBirthday(UnionCase):
    """Born on 29 February: the birthday is the 29th in leap years and the 28th in the others,
    for the reminder and for the calendar event alike."""

    def test_birthday_in(self):
        born = date(1984, 2, 29)
        self.assertEqual(birthday_in(born, 2028), date(2028, 2, 29))
        self.assertEqual(birthday_in(born, 2027), date(2027, 2, 28))
        self.assertEqual(birthday_in(born, 2100), date(2100, 2, 28), "2100 is not a leap year")
        self.assertEqual(birthday_in(date(1984, 3, 1), 2027), date(2027, 3, 1))

    def test_reminder_day(self):
        Member = self.env["coop.union.member"]
        born = date(1984, 2, 29)
        # common year: the 28th, not the 1st of March
        self.assertEqual(Member._next_birthday(born, date(2027, 2, 1)), (date(2027, 2, 28), 43))
        self.assertEqual(Member._next_birthday(born, date(2027, 2, 28)), (date(2027, 2, 28), 43))
        # leap year: the 29th
        self.assertEqual(Member._next_birthday(born, date(2028, 2, 1)), (date(2028, 2, 29), 44))
        # after this year's birthday: next year's
        self.assertEqual(Member._next_birthday(born, date(2027, 3, 1)), (date(2028, 2, 29), 44))
        self.assertEqual(Member._next_birthday(born, date(2028, 3, 1)), (date(2029, 2, 28), 45))

    def test_event_days_match_the_reminder(self):
        self.primary_a1.congratulator_ids = self.user_prim_a1
        self.member_a1.write({"birthdate": date(1984, 2, 29), "is_key_person": True})
        for today in (date(2027, 1, 10), date(2028, 1, 10)):
            vals_list = self.member_a1._coop_birthday_event_vals(today)
            days = [vals["start"] for vals in vals_list]
            self.assertEqual(days, [birthday_in(self.member_a1.birthdate, today.year + n) for n in range(10)])
            reminder_day, _age = self.member_a1._next_birthday(self.member_a1.birthdate, today)
            self.assertEqual(days[0], reminder_day)
        # the events in the calendar: the 29th in leap years, the 28th in the others
        events = (
            self.env["calendar.event"]
            .with_context(active_test=False)
            .search([("coop_union_member_id", "=", self.member_a1.id)], order="start")
        )
        self.assertEqual(len(events), 10)
        for event in events:
            year = event.start_date.year
            leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
            self.assertEqual(event.start_date, date(year, 2, 29 if leap else 28))
        self.assertIn(self.member_a1.next_birthday, events.mapped("start_date"))
        # a sync with nothing changed keeps the same events
        self.member_a1._coop_sync_birthday_events()
        self.assertEqual(
            self.env["calendar.event"].search([("coop_union_member_id", "=", self.member_a1.id)]), events
        )


@tagged("post_install", "-at_install")
class TestBirthdayEvents(UnionCase):
    def _events(self, member, active=True):
        return (
            self.env["calendar.event"]
            .with_context(active_test=False)
            .search([("coop_union_member_id", "=", member.id), ("active", "=", active)], order="start")
        )

    def test_event_follows_key_person(self):
        today = fields.Date.context_today(self.env["coop.union.member"])
        self.primary_a1.congratulator_ids = self.user_prim_a1
        self.member_a1.birthdate = date(1975, 6, 12)
        self.assertFalse(self._events(self.member_a1), "no event for an ordinary member")
        self.member_a1.is_key_person = True
        events = self._events(self.member_a1)
        self.assertTrue(events)
        base = events[0]
        self.assertTrue(base.allday)
        self.assertTrue(base.recurrency)
        self.assertEqual(base.rrule_type, "yearly")
        self.assertEqual(base.start_date, date(today.year, 6, 12))
        self.assertEqual(events[1].start_date, date(today.year + 1, 6, 12), "recurs every year")
        self.assertEqual({event.start_date.day for event in events}, {12})
        self.assertEqual(base.partner_ids, self.user_prim_a1.partner_id)
        self.assertIn("Member A1", base.name)
        # updated with the birthdate and the name
        self.member_a1.write({"birthdate": date(1975, 7, 3), "name": "Member A1 Renamed"})
        events = self._events(self.member_a1)
        self.assertEqual(events[0].start_date, date(today.year, 7, 3))
        self.assertEqual(set(events.mapped("name")), {"Birthday: Member A1 Renamed"})
        self.assertFalse(self._events(self.member_a1, active=False), "old occurrences are removed")
        # the congratulators of the organisation are invited
        self.primary_a1.congratulator_ids = self.user_prim_a1 | self.user_reg_a
        self.assertEqual(
            self._events(self.member_a1)[0].partner_ids,
            (self.user_prim_a1 | self.user_reg_a).partner_id,
        )
        # no longer a key person: archived
        self.member_a1.is_key_person = False
        self.assertFalse(self._events(self.member_a1))
        self.assertTrue(self._events(self.member_a1, active=False))
        # removed with the person
        self.member_a1.is_key_person = True
        self.assertTrue(self._events(self.member_a1))
        member_id = self.member_a1.id
        self.member_a1.unlink()
        self.assertFalse(
            self.env["calendar.event"]
            .with_context(active_test=False)
            .search([("coop_union_member_id", "=", member_id)])
        )

    def test_event_follows_chairmanship(self):
        self.member_a2.birthdate = date(1968, 3, 1)
        self.assertFalse(self._events(self.member_a2))
        self.primary_a2.chairman_id = self.member_a2
        self.assertTrue(self._events(self.member_a2))
        self.primary_a2.chairman_id = False
        self.assertFalse(self._events(self.member_a2))
        self.assertTrue(self._events(self.member_a2, active=False))

    def test_other_subtree_cannot_read_event(self):
        self.primary_a1.congratulator_ids = self.user_prim_a1
        self.member_a1.write({"birthdate": date(1980, 5, 5), "is_key_person": True})
        event = self._events(self.member_a1)[0]
        # the staff of the member's subtree, the congratulators and the federation read it
        self.assertEqual(event.with_user(self.user_reg_a).name, event.name)
        self.assertEqual(event.with_user(self.user_prim_a1).name, event.name)
        self.assertEqual(event.with_user(self.user_fed).name, event.name)
        # the staff of another subtree and a plain employee learn nothing
        for user in (self.user_prim_b1, self.user_plain):
            Event = self.env["calendar.event"].with_user(user)
            self.assertFalse(Event.search([("id", "=", event.id)]))
            self.assertFalse(Event.search([("name", "ilike", "Member A1")]))
            self.assertFalse(Event.search_read([("coop_union_member_id", "!=", False)], ["name"]))
            with self.assertRaises(AccessError):
                event.with_user(user).read(["name", "start"])
            # their own events stay visible to them
            own = Event.create(
                {"name": "Meeting", "start": "2030-01-10 10:00:00", "stop": "2030-01-10 11:00:00"}
            )
            self.assertEqual(Event.search([("id", "=", own.id)]), own)
