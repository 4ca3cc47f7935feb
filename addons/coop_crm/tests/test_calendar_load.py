from datetime import date, datetime

from freezegun import freeze_time
from odoo.tests import tagged

from .common import CoopCrmCase


@tagged("post_install", "-at_install")
class TestCalendarLoad(CoopCrmCase):
    """The weekly load follows leaves and calendar changes at once, not at the daily recompute."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create({"name": "Пятидневка (UTC)", "tz": "UTC"})
        cls.env.company.resource_calendar_id = cls.calendar
        cls.resource = cls.env["resource.resource"].create(
            {"name": cls.pentester.name, "user_id": cls.pentester.id, "calendar_id": cls.calendar.id}
        )
        cls.monday = date(2026, 3, 16)
        cls.friday = date(2026, 3, 20)

    def _load(self):
        return self.env["coop.capacity.load"].search(
            [("user_id", "=", self.pentester.id), ("week_start", "=", self.monday)]
        )

    def test_load_follows_leaves_and_calendar(self):
        lead = self._lead(self.team_pentest, self.client_sber)
        booking = self.env["coop.capacity.booking"].create(
            {
                "user_id": self.pentester.id,
                "lead_id": lead.id,
                "date_start": self.monday,
                "date_end": self.friday,
                "hours_per_day": 9,
            }
        )
        load = self._load()
        self.assertEqual((load.capacity_hours, load.booked_hours), (40.0, 45.0))
        self.assertTrue(load.overallocated)
        Leave = self.env["resource.calendar.leaves"]
        # A public holiday of the calendar on Wednesday: one working day less for everyone on it.
        holiday = Leave.create(
            {
                "name": "Праздничный день",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 3, 18, 0, 0),
                "date_to": datetime(2026, 3, 18, 23, 59, 59),
            }
        )
        self.assertEqual((load.capacity_hours, load.booked_hours), (32.0, 36.0))
        self.assertEqual(booking.hours_planned, 36.0)
        # A personal day off of the specialist on Thursday.
        day_off = Leave.create(
            {
                "name": "Отгул",
                "resource_id": self.resource.id,
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 3, 19, 0, 0),
                "date_to": datetime(2026, 3, 19, 23, 59, 59),
            }
        )
        self.assertEqual((load.capacity_hours, load.booked_hours), (24.0, 27.0))
        # Moving the day off to the next week gives Thursday back.
        day_off.write(
            {"date_from": datetime(2026, 3, 26, 0, 0), "date_to": datetime(2026, 3, 26, 23, 59, 59)}
        )
        self.assertEqual((load.capacity_hours, load.booked_hours), (32.0, 36.0))
        holiday.unlink()
        self.assertEqual((load.capacity_hours, load.booked_hours), (40.0, 45.0))
        self.assertEqual(booking.hours_planned, 45.0)
        # A booking change is reflected at once too.
        booking.hours_per_day = 6
        self.assertEqual((load.booked_hours, load.free_hours), (30.0, 10.0))
        self.assertFalse(load.overallocated)
        # Friday leaves the calendar: the coming weeks follow.
        fridays = self.calendar.attendance_ids.filtered(lambda a: a.dayofweek == "4")
        with freeze_time("2026-03-08"):
            self.calendar.write({"attendance_ids": [(2, a.id) for a in fridays]})
        self.assertEqual((load.capacity_hours, load.booked_hours), (32.0, 24.0))

    def test_leave_elsewhere_changes_nothing(self):
        lead = self._lead(self.team_pentest, self.client_sber)
        self.env["coop.capacity.booking"].create(
            {
                "user_id": self.pentester.id,
                "lead_id": lead.id,
                "date_start": self.monday,
                "date_end": self.friday,
                "hours_per_day": 4,
            }
        )
        load = self._load()
        other = self.env["resource.calendar"].create({"name": "Другой график", "tz": "UTC"})
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Чужой праздник",
                "calendar_id": other.id,
                "date_from": datetime(2026, 3, 18, 0, 0),
                "date_to": datetime(2026, 3, 18, 23, 59, 59),
            }
        )
        self.assertEqual((load.capacity_hours, load.booked_hours), (40.0, 20.0))
