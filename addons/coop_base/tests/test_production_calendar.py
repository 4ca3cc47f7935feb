import base64
from datetime import date, datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase

from .common import five_day_calendar


@tagged("post_install", "-at_install")
class TestProductionCalendar(TransactionCase):
    """The Russian production calendar ships as global leaves that every schedule counts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Leaves = cls.env["resource.calendar.leaves"]
        cls.calendar = five_day_calendar(cls.env, "Пятидневка 9-18 (Москва)", "Europe/Moscow")
        cls.employee = new_test_user(cls.env, login="pc_employee", groups="base.group_user", name="Ефим Сотрудник")

    def _hours(self, start, end):
        # naive datetimes in UTC, as Odoo stores them
        return self.calendar.get_work_hours_count(start, end, compute_leaves=True)

    def test_shipped_days_are_global_leaves(self):
        new_year = self.Leaves.search(
            [
                ("calendar_id", "=", False),
                ("resource_id", "=", False),
                ("date_from", ">=", datetime(2025, 12, 30, 21, 0)),
                ("date_to", "<=", datetime(2026, 1, 9, 21, 0)),
            ]
        )
        # 31 December 2025, 1-8 January and the 9th transferred from Saturday 3 January
        self.assertEqual(len(new_year), 10)
        self.assertEqual(min(new_year.mapped("date_from")), datetime(2025, 12, 30, 21, 0), "midnight in Moscow")

    def test_working_year_norms(self):
        """Official norms of a 40-hour week: 2025 and 2026 each 247 working days, 1,972 hours
        (four shortened pre-holiday days)."""
        # the schedule is newer than the shipped calendar: loading again gives it the worked
        # Saturday of 1 November 2025 and creates no second leave
        leaves, attendances = self.Leaves._coop_load_production_calendar_file()
        self.assertEqual(leaves, 0)
        self.assertEqual(attendances, 2, "Saturday 1 November 2025: its morning and afternoon")
        self.assertEqual(self._hours(datetime(2024, 12, 31, 21, 0), datetime(2025, 12, 31, 21, 0)), 1972)
        self.assertEqual(self._hours(datetime(2025, 12, 31, 21, 0), datetime(2026, 12, 31, 21, 0)), 1972)
        # the worked Saturday is shortened too: 9-13 and 14-17
        self.assertEqual(self._hours(datetime(2025, 10, 31, 21, 0), datetime(2025, 11, 1, 21, 0)), 7)

    def test_shortened_day_ends_an_hour_earlier(self):
        # Tuesday 3 November 2026, the eve of the Day of National Unity
        self.assertEqual(self._hours(datetime(2026, 11, 2, 21, 0), datetime(2026, 11, 3, 21, 0)), 7)
        self.assertEqual(self._hours(datetime(2026, 11, 3, 21, 0), datetime(2026, 11, 4, 21, 0)), 0)
        # Monday 2 November 2026, an ordinary day
        self.assertEqual(self._hours(datetime(2026, 11, 1, 21, 0), datetime(2026, 11, 2, 21, 0)), 8)

    def test_plan_over_new_year(self):
        # Tuesday 30 December 2025, 10:00 in Moscow: one working day (8 h) later is Monday
        # 12 January 2026, 10:00 (31 December 2025 to 11 January 2026 are days off)
        end = self.calendar.plan_hours(8, datetime(2025, 12, 30, 7, 0), compute_leaves=True)
        self.assertEqual(end.replace(tzinfo=None), datetime(2026, 1, 12, 7, 0))

    def _wizard(self, content, user=None):
        env = self.env(user=user) if user else self.env
        return env["coop.production.calendar.import"].create(
            {"file": base64.b64encode(content.encode()), "filename": "2028.csv"}
        )

    def test_import_next_year(self):
        count = self.Leaves.search_count([])
        wizard = self._wizard(
            "date,kind,name\n"
            "2028-01-03,holiday,Новогодние каникулы\n"
            "2028-02-22,short,Предпраздничный день\n"
        )
        wizard.action_import()
        self.assertEqual(self.Leaves.search_count([]), count + 2)
        self.assertEqual(self._hours(datetime(2028, 1, 2, 21, 0), datetime(2028, 1, 3, 21, 0)), 0)
        self.assertEqual(self._hours(datetime(2028, 2, 21, 21, 0), datetime(2028, 2, 22, 21, 0)), 7)
        # loading the same file again changes nothing
        self._wizard("date,kind,name\n2028-01-03,holiday,Новогодние каникулы\n").action_import()
        self.assertEqual(self.Leaves.search_count([]), count + 2)

    def test_import_bad_file_changes_nothing(self):
        count = self.Leaves.search_count([])
        for content in (
            "date,kind,name\n2028-01-03,holiday,Новогодние каникулы\n2028-13-01,holiday,Ошибка\n",
            "date,kind,name\n2028-01-03,vacation,Отпуск\n",
            "день;вид\n2028-01-03;holiday\n",
            "date,kind,name\n",
        ):
            with self.subTest(content=content), self.assertRaises(UserError):
                self._wizard(content).action_import()
            self.assertEqual(self.Leaves.search_count([]), count)

    def test_import_is_for_administrators(self):
        with self.assertRaises(AccessError):
            self._wizard("date,kind,name\n2028-01-03,holiday,Новогодние каникулы\n", user=self.employee)
        self.assertFalse(self.Leaves.search([("date_from", ">=", date(2028, 1, 1))]))
