from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import CoopCrmCase


@tagged("post_install", "-at_install")
class TestCapacityRoles(CoopCrmCase):
    """The load of a week puts the time declared for roles beside the booked project hours."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create({"name": "Пятидневка (UTC)", "tz": "UTC"})
        cls.env.company.resource_calendar_id = cls.calendar
        cls.env["resource.resource"].create(
            {"name": cls.pentester.name, "user_id": cls.pentester.id, "calendar_id": cls.calendar.id}
        )
        today = fields.Date.context_today(cls.env["coop.capacity.load"])
        cls.monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
        cls.role = cls.env["coop.role"].create(
            {"name": "Секретарь совета", "circle_id": cls.circle_pentest.id}
        )

    def _load(self):
        return self.env["coop.capacity.load"].search(
            [("user_id", "=", self.pentester.id), ("week_start", "=", self.monday)]
        )

    def test_declared_role_time_beside_bookings(self):
        assignment = self.env["coop.role.assignment"].create(
            {
                "role_id": self.role.id,
                "user_id": self.pentester.id,
                "date_start": self.monday,
                "time_percent": 25,
            }
        )
        load = self._load()
        self.assertEqual((load.capacity_hours, load.booked_hours, load.role_hours), (40.0, 0.0, 10.0))
        self.assertFalse(load.overcommitted)
        lead = self._lead(self.team_pentest, self.client_sber)
        self.env["coop.capacity.booking"].create(
            {
                "user_id": self.pentester.id,
                "lead_id": lead.id,
                "date_start": self.monday,
                "date_end": self.monday + timedelta(days=4),
                "hours_per_day": 7,
            }
        )
        load = self._load()
        self.assertEqual((load.booked_hours, load.role_hours, load.committed_hours), (35.0, 10.0, 45.0))
        self.assertFalse(load.overallocated, "the bookings alone fit the week")
        self.assertTrue(load.overcommitted, "with the role's time they do not")
        # Hours per week count instead of the percentage.
        assignment.time_hours = 4
        self.assertEqual((self._load().role_hours, self._load().committed_hours), (4.0, 39.0))
        self.assertFalse(self._load().overcommitted)
        # The role ended before the week: nothing declared there any more.
        assignment.write(
            {"date_end": self.monday - timedelta(days=1), "date_start": self.monday - timedelta(days=30)}
        )
        self.assertEqual(self._load().role_hours, 0.0)

    def test_declared_time_bounds_and_access(self):
        with self.assertRaises(ValidationError):
            self.env["coop.role.assignment"].create(
                {"role_id": self.role.id, "user_id": self.pentester.id, "time_percent": 120}
            )
        self.env["coop.role.assignment"].create(
            {
                "role_id": self.role.id,
                "user_id": self.pentester.id,
                "date_start": self.monday,
                "time_percent": 50,
            }
        )
        # The auditor does not see the pentester's load; the pentester sees his own.
        Load = self.env["coop.capacity.load"]
        self.assertFalse(Load.with_user(self.auditor).search([("user_id", "=", self.pentester.id)]))
        self.assertTrue(Load.with_user(self.pentester).search([("user_id", "=", self.pentester.id)]))
        with self.assertRaises(AccessError):
            self._load().with_user(self.pentester).write({"role_hours": 0})
