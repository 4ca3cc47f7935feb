from datetime import timedelta

from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    def _coop_affected(self):
        """(users, date_from, date_to, calendars, company_wide) touched by these leaves.

        A personal leave touches its specialist; a public one every specialist and lead working on its
        calendar, or on any calendar when it has none (``company_wide``).
        """
        users = self.env["res.users"]
        calendars = self.env["resource.calendar"]
        company_wide = False
        dates = []
        for leave in self.sudo():
            if not (leave.date_from and leave.date_to):
                continue
            dates += [leave.date_from, leave.date_to]
            if leave.resource_id:
                users |= leave.resource_id.user_id
            elif leave.calendar_id:
                calendars |= leave.calendar_id
            else:
                company_wide = True
        if not dates:
            return users, None, None, calendars, company_wide
        return users, min(dates), max(dates), calendars, company_wide

    @api.model
    def _coop_refresh_after_leaves(self, affected):
        """Recompute the weekly load of the specialists and the stage deadlines a leave change touches."""
        for users, date_from, date_to, calendars, company_wide in affected:
            if date_from is None:
                continue
            self.env["coop.capacity.load"]._coop_refresh_period(
                date_from.date() - timedelta(days=1),
                date_to.date() + timedelta(days=1),
                users=users,
                calendars=calendars,
                all_users=company_wide,
            )
            if calendars or company_wide:
                # Stage deadlines skip the leaves of whole calendars only, not personal ones.
                self.env["crm.lead"]._coop_recompute_sla_after(date_from - timedelta(days=1))

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        self._coop_refresh_after_leaves([leaves._coop_affected()])
        return leaves

    def write(self, vals):
        self.check_access("write")
        before = self._coop_affected()
        res = super().write(vals)
        self._coop_refresh_after_leaves([before, self._coop_affected()])
        return res

    def unlink(self):
        self.check_access("unlink")
        before = self._coop_affected()
        res = super().unlink()
        self._coop_refresh_after_leaves([before])
        return res
