from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import OfficeStaffMixin


@tagged("post_install", "-at_install")
class TestTimeOffApproval(OfficeStaffMixin, TransactionCase):
    def test_chairman_approves_his_office_employee(self):
        leave = self._leave(self.e_r1, "2027-03-09", "2027-03-10")
        self.assertEqual(leave.state, "confirm")
        leave.with_user(self.u_reg).action_approve()
        self.assertEqual(leave.state, "validate")

    def test_chairman_cannot_see_or_approve_another_office(self):
        leave = self._leave(self.e_s1, "2027-03-09", "2027-03-10")
        self.assertFalse(self.env["hr.leave"].with_user(self.u_reg).search([("id", "=", leave.id)]))
        with self.assertRaises(AccessError):
            leave.with_user(self.u_reg).action_approve()
        self.assertEqual(leave.state, "confirm")
        leave.with_user(self.u_side).action_approve()
        self.assertEqual(leave.state, "validate")

    def test_upper_chairman_sees_but_does_not_approve_below(self):
        """Approval stays with the employee's own chairman (his leave_manager_id)."""
        leave = self._leave(self.e_p1, "2027-03-09", "2027-03-10")
        self.assertTrue(self.env["hr.leave"].with_user(self.u_reg).search([("id", "=", leave.id)]))
        with self.assertRaises(AccessError):
            leave.with_user(self.u_reg).action_approve()
        self.assertEqual(leave.state, "confirm")

    def test_employee_cannot_approve_his_own_or_a_colleagues(self):
        own = self._leave(self.e_r1, "2027-03-09", "2027-03-10")
        other = self._leave(self.e_r2, "2027-03-09", "2027-03-10")
        with self.assertRaises(UserError):
            own.with_user(self.u_r1).action_approve()
        with self.assertRaises(AccessError):
            other.with_user(self.u_r1).action_approve()
        self.assertEqual((own | other).mapped("state"), ["confirm", "confirm"])

    def test_chairman_request_goes_to_the_chairman_above(self):
        leave = self._leave(self.e_reg, "2027-03-09", "2027-03-10")
        with self.assertRaises(UserError):
            leave.with_user(self.u_reg).action_approve()
        leave.with_user(self.u_fed).action_approve()
        self.assertEqual(leave.state, "validate")


@tagged("post_install", "-at_install")
class TestTimeOffCalendar(OfficeStaffMixin, TransactionCase):
    def test_russian_types(self):
        names = set(
            self.env["hr.leave.type"]
            .with_context(lang="ru_RU")
            .browse(
                [
                    self.env.ref(f"coop_union_hr.leave_type_{name}").id
                    for name in ("annual", "sick", "unpaid", "business_trip")
                ]
            )
            .mapped("name")
        )
        if self.env["res.lang"]._lang_get("ru_RU"):
            self.assertEqual(
                names,
                {
                    "Ежегодный оплачиваемый отпуск",
                    "Больничный",
                    "Отпуск без сохранения заработной платы",
                    "Командировка",
                },
            )
        annual = self.env.ref("coop_union_hr.leave_type_annual")
        self.assertEqual(annual.requires_allocation, "yes")
        self.assertEqual(annual.leave_validation_type, "manager")
        self.assertEqual(self.env.ref("coop_union_hr.leave_type_business_trip").time_type, "other")
        # Odoo's own types that say the same are archived, not deleted
        for xmlid in ("holiday_status_cl", "holiday_status_sl", "holiday_status_unpaid"):
            self.assertFalse(self.env.ref(f"hr_holidays.{xmlid}").active)

    def test_production_calendar_holidays_are_not_counted(self):
        """11 May 2026 is a day off by the production calendar (coop_base's global leaves): a
        Monday-to-Friday leave that week counts four days."""
        self.assertTrue(
            self.env["resource.calendar.leaves"].search_count(
                [("calendar_id", "=", False), ("resource_id", "=", False),
                 ("date_from", ">=", "2026-05-10"), ("date_from", "<", "2026-05-12")]
            ),
            "the production calendar of coop_base is loaded",
        )
        leave = self._leave(self.e_r1, "2026-05-11", "2026-05-15", self.type_unpaid)
        self.assertEqual(leave.number_of_days, 4)
        # a week without holidays counts five
        leave = self._leave(self.e_r1, "2026-05-18", "2026-05-22", self.type_unpaid)
        self.assertEqual(leave.number_of_days, 5)
