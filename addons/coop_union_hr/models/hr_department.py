from odoo import fields, models


class HrDepartment(models.Model):
    _inherit = "hr.department"

    coop_office_id = fields.Many2one(
        "coop.docflow.office",
        string="Office",
        index="btree_not_null",
        ondelete="set null",
        help="The office whose staff this department holds: its chairman approves their time off.",
    )

    _sql_constraints = [
        ("coop_office_unique", "unique(coop_office_id)", "An office has one department."),
    ]
