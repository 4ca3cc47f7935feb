from odoo import fields, models


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def write(self, vals):
        res = super().write(vals)
        if {"attendance_ids", "tz", "hours_per_day", "global_leave_ids"} & set(vals):
            today = fields.Date.context_today(self)
            # Future working time changes: the load of the coming weeks and the open deadlines follow.
            self.env["coop.capacity.load"]._coop_refresh_period(today, None, calendars=self)
            self.env["crm.lead"]._coop_recompute_sla_after()
        return res
