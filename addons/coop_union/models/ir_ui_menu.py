from odoo import api, models, tools

# Groups of the cooperative's own jobs (client work, service desk, council, coordination,
# administration). They are looked up by XML id because the union does not depend on the
# cooperative's addons: a database may hold the union alone.
COOP_JOB_GROUPS = (
    "base.group_system",
    "coop_circles.group_coop_council",
    "coop_circles.group_coop_coordinator",
    "coop_crm.group_coop_crm_user",
    "helpdesk_mgmt.group_helpdesk_user_own",
)


class IrUiMenu(models.Model):
    _inherit = "ir.ui.menu"

    @api.model
    @tools.ormcache("frozenset(self.env.user.groups_id.ids)", "debug")
    def _visible_menu_ids(self, debug=False):
        """Union staff with no job in the cooperative see "Union", not "Cooperative".

        Every employee is a circle member (base.group_user implies it), so the cooperative's
        application would otherwise open on the circles for the union's people too. Their
        work is in the "Union" and "Documents" applications.
        """
        visible = super()._visible_menu_ids(debug)
        root_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "coop_base.menu_coop_root", raise_if_not_found=False
        )
        if not root_id or root_id not in visible:
            return visible
        user = self.env.user
        if not user.has_group("coop_union.group_union_user"):
            return visible
        group_ids = set(user._get_group_ids())
        for xmlid in COOP_JOB_GROUPS:
            gid = self.env["ir.model.data"]._xmlid_to_res_id(xmlid, raise_if_not_found=False)
            if gid and gid in group_ids:
                return visible
        return visible - {root_id}
