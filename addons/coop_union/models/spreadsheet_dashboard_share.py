from odoo import api, models
from odoo.exceptions import AccessError


class SpreadsheetDashboardShare(models.Model):
    """A shared dashboard is a public link to a copy of its figures. The union's figures are the
    registry of an organisation's subtree: only the union's administrators may publish them."""

    _inherit = "spreadsheet.dashboard.share"

    @api.model_create_multi
    def create(self, vals_list):
        union = self.env.ref("coop_union.spreadsheet_dashboard_union", raise_if_not_found=False)
        if (
            union
            and not self.env.su
            and not self.env.user.has_group("coop_union.group_union_manager")
            and any(vals.get("dashboard_id") == union.id for vals in vals_list)
        ):
            raise AccessError(
                self.env._(
                    "The union's dashboard holds the registry's figures: only the union's administrators "
                    "may share it by a public link."
                )
            )
        return super().create(vals_list)
