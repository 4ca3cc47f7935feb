from odoo import fields, models


class HrAttendance(models.Model):
    _inherit = "hr.attendance"

    coop_office_id = fields.Many2one(
        related="employee_id.coop_office_id", string="Office", store=True, index="btree_not_null"
    )
