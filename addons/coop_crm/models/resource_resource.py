from odoo import fields, models


class ResourceResource(models.Model):
    _inherit = "resource.resource"

    def write(self, vals):
        res = super().write(vals)
        if "calendar_id" in vals and self.user_id:
            # A specialist moved to another working calendar: the coming weeks follow.
            self.env["coop.capacity.load"]._coop_refresh_period(
                fields.Date.context_today(self), None, users=self.user_id
            )
        return res
