from odoo import fields, models


class HrLeave(models.Model):
    _inherit = "hr.leave"

    coop_office_id = fields.Many2one(
        related="employee_id.coop_office_id", string="Office", store=True, index="btree_not_null"
    )


class HrLeaveAllocation(models.Model):
    _inherit = "hr.leave.allocation"

    coop_office_id = fields.Many2one(related="employee_id.coop_office_id", string="Office")


class HrLeaveReportCalendar(models.Model):
    _inherit = "hr.leave.report.calendar"

    coop_office_id = fields.Many2one(related="employee_id.coop_office_id", string="Office")
