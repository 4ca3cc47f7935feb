from odoo import api, fields, models


class CoopDocflowOffice(models.Model):
    """An office is also the scope of its staff's time: its department holds its employees, its
    chairman manages the department and approves their time off."""

    _inherit = "coop.docflow.office"

    coop_department_id = fields.Many2one(
        "hr.department",
        string="Department",
        compute="_compute_coop_department_id",
        compute_sudo=True,
        help="The department of the office's employees (created when the first employee is assigned).",
    )

    def _compute_coop_department_id(self):
        departments = (
            self.env["hr.department"]
            .with_context(active_test=False)
            .search([("coop_office_id", "in", self.ids)])
        )
        by_office = {department.coop_office_id.id: department for department in departments}
        for office in self:
            office.coop_department_id = by_office.get(office.id, False)

    # ------------------------------------------------------------------ department and approvers
    def _coop_department(self):
        """The office's department, created on demand under the department of the office above
        (as superuser: callers check the user's rights first)."""
        self.ensure_one()
        Department = self.env["hr.department"].sudo().with_context(active_test=False)
        department = Department.search([("coop_office_id", "=", self.id)], limit=1)
        if not department:
            parent = self.parent_id._coop_department() if self.parent_id else Department
            department = Department.create(
                {
                    "name": self.name,
                    "coop_office_id": self.id,
                    "parent_id": parent.id,
                    "company_id": self.company_id.id,
                    "manager_id": self._coop_chairman_employee().id,
                }
            )
        return department

    def _coop_chairman_employee(self):
        """The employee of the office's chairman (none for no office)."""
        if not self:
            return self.env["hr.employee"]
        self.ensure_one()
        chairman = self.sudo().chairman_id
        if not chairman:
            return self.env["hr.employee"]
        return (
            self.env["hr.employee"]
            .sudo()
            .search([("user_id", "=", chairman.id), ("company_id", "=", self.company_id.id)], limit=1)
        )

    def _coop_approver_of(self, employee):
        """Who approves ``employee``'s time off and manages his attendances: the chairman of his
        office, or for the chairman himself the chairman of the nearest office above with one."""
        self.ensure_one()
        office = self.sudo()
        while office:
            if office.chairman_id and office.chairman_id != employee.user_id:
                return office.chairman_id
            office = office.parent_id
        return self.env["res.users"]

    def _coop_sync_staff_managers(self):
        """Make each office's chairman the manager of its department and the approver (time off,
        attendances) of its employees; the chairman's own approver is the chairman above."""
        Employee = self.env["hr.employee"].sudo().with_context(active_test=False)
        for office in self.sudo():
            department = self.env["hr.department"].sudo().with_context(active_test=False).search(
                [("coop_office_id", "=", office.id)], limit=1
            )
            if not department:
                continue
            manager = office._coop_chairman_employee()
            if department.manager_id != manager:
                department.manager_id = manager
            for employee in Employee.search([("coop_office_id", "=", office.id)]):
                approver = office._coop_approver_of(employee)
                vals = {}
                if employee.leave_manager_id != approver:
                    vals["leave_manager_id"] = approver.id
                if employee.attendance_manager_id != approver:
                    vals["attendance_manager_id"] = approver.id
                # in the office's own department the chairman is the manager (the chairman above
                # for the chairman); the heads of its sections stay the managers of theirs
                if employee.department_id == department:
                    parent = manager if manager != employee else office.parent_id._coop_chairman_employee()
                    if employee.parent_id != parent:
                        vals["parent_id"] = parent.id
                if vals:
                    employee.write(vals)
            # the chairmen of the offices below report to this one
            office.child_ids._coop_sync_staff_managers()

    def write(self, vals):
        res = super().write(vals)
        if {"chairman_id", "parent_id"} & set(vals):
            self._coop_sync_staff_managers()
        if "name" in vals or "parent_id" in vals:
            for office in self.sudo():
                department = office.coop_department_id
                if department:
                    department.write(
                        {
                            "name": office.name,
                            "parent_id": office.parent_id.coop_department_id.id,
                        }
                    )
        return res

    @api.model
    def _coop_managed_office_ids(self, user_ids):
        """Ids of the offices ``user_ids`` chair or deputise (active ones) and of every office
        below them, read in SQL."""
        self.flush_model(["parent_path", "active", "chairman_id", "deputy_ids"])
        self.env.cr.execute(
            """SELECT DISTINCT below.id
                 FROM coop_docflow_office o
                 JOIN coop_docflow_office below ON below.parent_path LIKE o.parent_path || '%%'
                WHERE o.active
                  AND (o.chairman_id = ANY(%s)
                       OR EXISTS (SELECT 1 FROM coop_docflow_office_deputy_rel d
                                   WHERE d.office_id = o.id AND d.user_id = ANY(%s)))""",
            [list(user_ids), list(user_ids)],
        )
        return sorted(row[0] for row in self.env.cr.fetchall())
