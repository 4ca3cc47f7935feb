from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    coop_office_id = fields.Many2one(
        "coop.docflow.office",
        string="Office",
        compute="_compute_coop_office_id",
        inverse="_inverse_coop_office_id",
        store=True,
        index="btree_not_null",
        tracking=True,
        help="The office the employee works in: he joins its department, and its chairman approves "
        "his time off and manages his attendances.",
    )
    coop_office_manager_user_ids = fields.Many2many(
        "res.users",
        string="Office Managers",
        compute="_compute_coop_office_manager_user_ids",
        search="_search_coop_office_manager_user_ids",
        compute_sudo=True,
        help="Chairmen and deputies of the employee's office and of the offices above it.",
    )

    @api.depends("department_id.coop_scope_office_id")
    def _compute_coop_office_id(self):
        for employee in self:
            employee.coop_office_id = employee.department_id.coop_scope_office_id

    def _inverse_coop_office_id(self):
        for employee in self:
            office = employee.coop_office_id
            if not office:
                if employee.department_id.coop_scope_office_id:
                    employee.department_id = False
                continue
            # the office is checked as the user who sets it: he may read it
            office.with_user(self.env.user).check_access("read")
            # an employee of one of the office's own sections stays there
            if employee.department_id.coop_scope_office_id != office:
                employee.department_id = office._coop_department()
        self.mapped("coop_office_id")._coop_sync_staff_managers()

    def write(self, vals):
        res = super().write(vals)
        if "department_id" in vals and "coop_office_id" not in vals:
            self.sudo().mapped("coop_office_id")._coop_sync_staff_managers()
        return res

    @api.model_create_multi
    def create(self, vals_list):
        employees = super().create(vals_list)
        employees.sudo().mapped("coop_office_id")._coop_sync_staff_managers()
        return employees

    def _compute_coop_office_manager_user_ids(self):
        _compute_office_managers(self)

    def _search_coop_office_manager_user_ids(self, operator, value):
        return _search_office_managers(self, operator, value)


class HrEmployeePublic(models.Model):
    """Employees without HR rights search employees through the public view: the office (and
    the office scope of the time-off and attendance rules) is public."""

    _inherit = "hr.employee.public"

    coop_office_id = fields.Many2one("coop.docflow.office", string="Office", readonly=True)
    coop_office_manager_user_ids = fields.Many2many(
        "res.users",
        string="Office Managers",
        compute="_compute_coop_office_manager_user_ids",
        search="_search_coop_office_manager_user_ids",
        compute_sudo=True,
    )

    def _compute_coop_office_manager_user_ids(self):
        _compute_office_managers(self)

    def _search_coop_office_manager_user_ids(self, operator, value):
        return _search_office_managers(self, operator, value)


def _compute_office_managers(employees):
    for employee in employees:
        users = employees.env["res.users"]
        office = employee.sudo().coop_office_id
        while office:
            users |= office.chairman_id | office.deputy_ids
            office = office.parent_id
        employee.coop_office_manager_user_ids = users


def _search_office_managers(employees, operator, value):
    """Employees of the offices the given users chair or deputise, and of the offices below:
    read in SQL when each query is built, so the record rules that use it are never cached with
    an outdated scope."""
    if operator not in ("in", "="):
        raise UserError(employees.env._("Employees can only be searched by the managers of their office."))
    user_ids = [value] if isinstance(value, int) else [v for v in value if isinstance(v, int)]
    if not user_ids:
        return expression.FALSE_DOMAIN
    office_ids = employees.env["coop.docflow.office"]._coop_managed_office_ids(user_ids)
    if not office_ids:
        return expression.FALSE_DOMAIN
    return [("coop_office_id", "in", office_ids)]
