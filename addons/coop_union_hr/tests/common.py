from odoo.tests.common import new_test_user


class OfficeStaffMixin:
    """Opt in for a small federation's staff in four offices:

    federation office (chairman ``u_fed``)
    ├── region office R (chairman ``u_reg``, deputy ``u_reg_deputy``): employees ``u_r1``, ``u_r2``
    │   └── primary office P (chairman ``u_prim``): employee ``u_p1``
    └── region office S (chairman ``u_side``): employee ``u_s1``
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        user = new_test_user
        cls.u_fed = user(cls.env, login="hr_fed", name="Federation Chairman", groups="base.group_user")
        cls.u_reg = user(cls.env, login="hr_reg", name="Region Chairman", groups="base.group_user")
        cls.u_reg_deputy = user(cls.env, login="hr_reg_deputy", name="Region Deputy", groups="base.group_user")
        cls.u_prim = user(cls.env, login="hr_prim", name="Primary Chairman", groups="base.group_user")
        cls.u_side = user(cls.env, login="hr_side", name="Side Chairman", groups="base.group_user")
        cls.u_r1 = user(cls.env, login="hr_r1", name="Region Employee One", groups="base.group_user")
        cls.u_r2 = user(cls.env, login="hr_r2", name="Region Employee Two", groups="base.group_user")
        cls.u_p1 = user(cls.env, login="hr_p1", name="Primary Employee", groups="base.group_user")
        cls.u_s1 = user(cls.env, login="hr_s1", name="Side Employee", groups="base.group_user")
        cls.u_officer = user(
            cls.env, login="hr_officer", name="Time Off Officer",
            groups="base.group_user,hr_holidays.group_hr_holidays_user,hr_attendance.group_hr_attendance_manager",
        )

        Office = cls.env["coop.docflow.office"]
        cls.office_fed = Office.create({"name": "Test Federation Office", "chairman_id": cls.u_fed.id})
        cls.office_reg = Office.create(
            {
                "name": "Test Region Office",
                "parent_id": cls.office_fed.id,
                "chairman_id": cls.u_reg.id,
                "deputy_ids": [(6, 0, cls.u_reg_deputy.ids)],
            }
        )
        cls.office_prim = Office.create(
            {"name": "Test Primary Office", "parent_id": cls.office_reg.id, "chairman_id": cls.u_prim.id}
        )
        cls.office_side = Office.create(
            {"name": "Test Side Office", "parent_id": cls.office_fed.id, "chairman_id": cls.u_side.id}
        )

        Employee = cls.env["hr.employee"]

        def employee(user, office):
            return Employee.create(
                {"name": user.name, "user_id": user.id, "coop_office_id": office.id, "pin": "4321"}
            )

        cls.e_fed = employee(cls.u_fed, cls.office_fed)
        cls.e_reg = employee(cls.u_reg, cls.office_reg)
        cls.e_reg_deputy = employee(cls.u_reg_deputy, cls.office_reg)
        cls.e_prim = employee(cls.u_prim, cls.office_prim)
        cls.e_side = employee(cls.u_side, cls.office_side)
        cls.e_r1 = employee(cls.u_r1, cls.office_reg)
        cls.e_r2 = employee(cls.u_r2, cls.office_reg)
        cls.e_p1 = employee(cls.u_p1, cls.office_prim)
        cls.e_s1 = employee(cls.u_s1, cls.office_side)

        cls.type_sick = cls.env.ref("coop_union_hr.leave_type_sick")
        cls.type_unpaid = cls.env.ref("coop_union_hr.leave_type_unpaid")

    @classmethod
    def _leave(cls, employee, start, end, leave_type=None):
        """A time off request filed by the employee himself."""
        return (
            cls.env["hr.leave"]
            .with_user(employee.user_id)
            .create(
                {
                    "employee_id": employee.id,
                    "holiday_status_id": (leave_type or cls.type_sick).id,
                    "request_date_from": start,
                    "request_date_to": end,
                }
            )
            .sudo()
        )
