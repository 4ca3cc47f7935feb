from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def write(self, vals):
        res = super().write(vals)
        if "helpdesk_team_ids" in vals:
            # helpdesk_mgmt's ticket rules are cached with the user's teams
            self.env.registry.clear_cache()
        return res
