from odoo import api, fields, models


class HrDepartment(models.Model):
    _inherit = "hr.department"

    coop_office_id = fields.Many2one(
        "coop.docflow.office",
        string="Office",
        index="btree_not_null",
        ondelete="set null",
        help="The office whose staff this department holds: its chairman approves their time off.",
    )

    coop_scope_office_id = fields.Many2one(
        "coop.docflow.office",
        string="Office of the Department",
        compute="_compute_coop_scope_office_id",
        store=True,
        recursive=True,
        index="btree_not_null",
        help="The office of this department or of the nearest department above it that has one: "
        "the office of its employees.",
    )

    _sql_constraints = [
        ("coop_office_unique", "unique(coop_office_id)", "An office has one department."),
    ]

    @api.depends("coop_office_id", "parent_id.coop_scope_office_id")
    def _compute_coop_scope_office_id(self):
        for department in self:
            department.coop_scope_office_id = (
                department.coop_office_id or department.parent_id.coop_scope_office_id
            )

    def _coop_check_office(self, vals):
        """The office a user links a department to (it decides who reads its employees' time
        off) is checked as that user first."""
        if vals.get("coop_office_id") and not self.env.su:
            self.env["coop.docflow.office"].browse(vals["coop_office_id"]).check_access("read")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._coop_check_office(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._coop_check_office(vals)
        res = super().write(vals)
        if "coop_office_id" in vals:
            self.sudo().mapped("coop_office_id")._coop_sync_staff_managers()
        return res
