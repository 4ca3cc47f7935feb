from odoo import api, models

LOAD_FIELDS = {"time_percent", "time_hours", "date_start", "date_end", "user_id", "active", "approval_state"}


class CoopRoleAssignment(models.Model):
    _inherit = "coop.role.assignment"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._coop_refresh_load()
        return records

    def write(self, vals):
        before = set()
        if LOAD_FIELDS & set(vals):
            before = self.env["coop.capacity.load"]._coop_role_keys(self)
        res = super().write(vals)
        if LOAD_FIELDS & set(vals):
            self._coop_refresh_load(before)
        return res

    def _coop_refresh_load(self, extra_keys=()):
        """The specialists' load counts the time they declare for their roles."""
        declared = self.filtered(lambda a: a.time_percent or a.time_hours)
        keys = set(extra_keys) | self.env["coop.capacity.load"]._coop_role_keys(declared)
        if keys:
            self.env["coop.capacity.load"]._coop_refresh(keys)
