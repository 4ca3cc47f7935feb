from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import OfficeStaffMixin


@tagged("post_install", "-at_install")
class TestOfficeDepartments(OfficeStaffMixin, TransactionCase):
    def test_office_department_created_on_demand_with_chairman_as_manager(self):
        dep_reg = self.office_reg.coop_department_id
        self.assertTrue(dep_reg)
        self.assertEqual(dep_reg.coop_office_id, self.office_reg)
        self.assertEqual(dep_reg.manager_id, self.e_reg)
        self.assertEqual(dep_reg.parent_id, self.office_fed.coop_department_id)
        self.assertEqual(self.e_r1.department_id, dep_reg)
        # an office with no employee has no department yet
        empty = self.env["coop.docflow.office"].create({"name": "Empty", "parent_id": self.office_fed.id})
        self.assertFalse(empty.coop_department_id)

    def test_chairman_is_approver_and_his_own_is_the_chairman_above(self):
        for employee in (self.e_r1, self.e_r2, self.e_reg_deputy):
            self.assertEqual(employee.leave_manager_id, self.u_reg)
            self.assertEqual(employee.attendance_manager_id, self.u_reg)
            self.assertEqual(employee.parent_id, self.e_reg)
        self.assertEqual(self.e_reg.leave_manager_id, self.u_fed)
        self.assertEqual(self.e_reg.parent_id, self.e_fed)
        self.assertEqual(self.e_p1.leave_manager_id, self.u_prim)
        self.assertEqual(self.e_prim.leave_manager_id, self.u_reg)
        self.assertTrue(self.u_reg.has_group("hr_holidays.group_hr_holidays_responsible"))
        self.assertTrue(self.u_reg.has_group("hr_attendance.group_hr_attendance_officer"))

    def test_new_chairman_becomes_approver(self):
        self.office_reg.chairman_id = self.u_r2
        self.assertEqual(self.e_r1.leave_manager_id, self.u_r2)
        self.assertEqual(self.office_reg.coop_department_id.manager_id, self.e_r2)
        # the new chairman's own requests go to the chairman above
        self.assertEqual(self.e_r2.leave_manager_id, self.u_fed)
        # the former chairman is now approved by the new one
        self.assertEqual(self.e_reg.leave_manager_id, self.u_r2)
        # the chairman of the office below now reports to the new chairman
        self.assertEqual(self.e_prim.leave_manager_id, self.u_r2)

    def test_sections_of_an_office_belong_to_it(self):
        """An employee of a section (a department under the office's) is in the office: its
        chairman approves him and reads his time off; the section's head stays his manager."""
        section = self.env["hr.department"].create(
            {"name": "Legal Section", "parent_id": self.office_reg.coop_department_id.id, "manager_id": self.e_r2.id}
        )
        self.e_r1.department_id = section
        self.assertEqual(self.e_r1.coop_office_id, self.office_reg)
        self.assertEqual(self.e_r1.leave_manager_id, self.u_reg)
        self.assertEqual(self.e_r1.parent_id, self.e_r2)
        # setting the same office again keeps him in his section
        self.e_r1.coop_office_id = self.office_reg
        self.assertEqual(self.e_r1.department_id, section)
        leave = self._leave(self.e_r1, "2027-04-06", "2027-04-07")
        self.assertTrue(self.env["hr.leave"].with_user(self.u_reg).search([("id", "=", leave.id)]))
        self.assertFalse(self.env["hr.leave"].with_user(self.u_side).search([("id", "=", leave.id)]))
        # the office of a department below another office's department is its own
        self.assertEqual(self.office_prim.coop_department_id.coop_scope_office_id, self.office_prim)

    def test_moving_an_employee_to_another_office(self):
        self.e_r1.coop_office_id = self.office_side
        self.assertEqual(self.e_r1.department_id, self.office_side.coop_department_id)
        self.assertEqual(self.e_r1.leave_manager_id, self.u_side)
        self.assertEqual(self.e_r1.attendance_manager_id, self.u_side)

    def test_renaming_an_office_renames_its_department(self):
        self.office_reg.name = "Renamed Region Office"
        self.assertEqual(self.office_reg.coop_department_id.name, "Renamed Region Office")

    def test_employee_cannot_move_himself_to_another_office(self):
        with self.assertRaises(AccessError):
            self.e_r1.with_user(self.u_r1).write({"coop_office_id": self.office_side.id})
        self.assertEqual(self.e_r1.coop_office_id, self.office_reg)
        self.assertEqual(self.e_r1.leave_manager_id, self.u_reg)

    def test_office_of_a_department_is_checked_as_the_user(self):
        hr_user = self.env["res.users"].create(
            {"name": "HR Officer", "login": "hr_dep_officer", "groups_id": [(6, 0, self.env.ref("hr.group_hr_user").ids)]}
        )
        hidden = self.env["coop.docflow.office"].create({"name": "Hidden Office"})
        # an office the user cannot read (a rule of the document flow, or none at all) is refused
        self.env["ir.rule"].create(
            {
                "name": "test: hide one office",
                "model_id": self.env.ref("coop_docflow.model_coop_docflow_office").id,
                "domain_force": f"[('id', '!=', {hidden.id})]",
            }
        )
        department = self.env["hr.department"].create({"name": "Plain Department"})
        with self.assertRaises(AccessError):
            department.with_user(hr_user).write({"coop_office_id": hidden.id})
        with self.assertRaises(AccessError):
            self.env["hr.department"].with_user(hr_user).create({"name": "Sneaky", "coop_office_id": hidden.id})
        self.assertFalse(department.coop_office_id)
        # a readable office is linked
        other = self.env["coop.docflow.office"].create({"name": "Readable Office"})
        department.with_user(hr_user).write({"coop_office_id": other.id})
        self.assertEqual(other.coop_department_id, department)

    def test_scope_search_refuses_other_operators(self):
        with self.assertRaises(UserError):
            self.env["hr.employee"].search([("coop_office_manager_user_ids", "not in", [self.u_reg.id])])


@tagged("post_install", "-at_install")
class TestOfficeScopeRules(OfficeStaffMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leaves = {}
        for name, employee in (
            ("r1", cls.e_r1), ("r2", cls.e_r2), ("p1", cls.e_p1), ("s1", cls.e_s1), ("reg", cls.e_reg),
        ):
            cls.leaves[name] = cls._leave(employee, "2027-03-02", "2027-03-03")
        Attendance = cls.env["hr.attendance"]
        cls.attendances = {
            name: Attendance.create(
                {"employee_id": employee.id, "check_in": "2027-03-01 04:00:00", "check_out": "2027-03-01 08:00:00"}
            )
            for name, employee in (("r1", cls.e_r1), ("r2", cls.e_r2), ("p1", cls.e_p1), ("s1", cls.e_s1))
        }

    def _seen(self, user, model="hr.leave"):
        records = self.leaves if model == "hr.leave" else self.attendances
        ids = self.env[model].with_user(user).search([("id", "in", [r.id for r in records.values()])]).ids
        return {name for name, record in records.items() if record.id in ids}

    def test_employee_sees_only_his_own(self):
        self.assertEqual(self._seen(self.u_r2), {"r2"})
        self.assertEqual(self._seen(self.u_r2, "hr.attendance"), {"r2"})
        with self.assertRaises(AccessError):
            self.leaves["r1"].with_user(self.u_r2).read(["state"])
        with self.assertRaises(AccessError):
            self.attendances["r1"].with_user(self.u_r2).read(["check_in"])

    def test_regional_chairman_sees_his_office_and_below_not_sideways(self):
        self.assertEqual(self._seen(self.u_reg), {"r1", "r2", "p1", "reg"})
        self.assertEqual(self._seen(self.u_reg, "hr.attendance"), {"r1", "r2", "p1"})
        with self.assertRaises(AccessError):
            self.leaves["s1"].with_user(self.u_reg).read(["state"])
        with self.assertRaises(AccessError):
            self.attendances["s1"].with_user(self.u_reg).read(["check_in"])

    def test_deputy_sees_his_office_and_below(self):
        self.assertEqual(self._seen(self.u_reg_deputy), {"r1", "r2", "p1", "reg"})
        self.assertEqual(self._seen(self.u_reg_deputy, "hr.attendance"), {"r1", "r2", "p1"})

    def test_primary_chairman_sees_only_his_office(self):
        self.assertEqual(self._seen(self.u_prim), {"p1"})
        self.assertEqual(self._seen(self.u_side), {"s1"})

    def test_federation_chairman_and_officer_see_all(self):
        everyone = set(self.leaves)
        self.assertEqual(self._seen(self.u_fed), everyone)
        self.assertEqual(self._seen(self.u_officer), everyone)
        self.assertEqual(self._seen(self.u_officer, "hr.attendance"), set(self.attendances))

    def test_scope_follows_the_offices_at_once(self):
        """The rules are evaluated in SQL: a new deputy sees at once, a removed one no longer."""
        self.assertEqual(self._seen(self.u_side), {"s1"})
        self.office_reg.deputy_ids = [(4, self.u_side.id)]
        self.assertEqual(self._seen(self.u_side), {"s1", "r1", "r2", "p1", "reg"})
        self.office_reg.deputy_ids = [(3, self.u_side.id)]
        self.assertEqual(self._seen(self.u_side), {"s1"})
        self.office_side.active = False
        self.assertEqual(self._seen(self.u_side), set())

    def test_absence_overview_is_scoped(self):
        Report = self.env["hr.leave.report.calendar"]
        employees = (self.e_r1 | self.e_r2 | self.e_p1 | self.e_s1).ids
        seen = Report.with_user(self.u_r2).search([("employee_id", "in", employees)]).employee_id
        self.assertEqual(seen, self.e_r2)
        seen = Report.with_user(self.u_reg).search([("employee_id", "in", employees)]).employee_id
        self.assertEqual(seen, self.e_r1 | self.e_r2 | self.e_p1)
        seen = Report.with_user(self.u_officer).search([("employee_id", "in", employees)]).employee_id
        self.assertEqual(seen, self.e_r1 | self.e_r2 | self.e_p1 | self.e_s1)
