from odoo import _, api, fields, models
from odoo.exceptions import AccessError

# set by the birthday events of the registry only: they decide who may see the event
SCOPE_FIELDS = {"coop_union_member_id", "coop_union_path", "coop_union_organization_id"}


class CalendarEvent(models.Model):
    _name = "calendar.event"
    _inherit = ["calendar.event", "coop.union.scoped"]
    _coop_union_path_field = "coop_union_path"

    coop_union_member_id = fields.Many2one(
        "coop.union.member",
        string="Union Member",
        index="btree_not_null",
        ondelete="cascade",
        readonly=True,
        help="Key person or chairman whose birthday this event marks.",
    )
    coop_union_path = fields.Char(
        index="btree_not_null",
        readonly=True,
        help="Organisation path of the member whose birthday this is.",
    )
    coop_union_organization_id = fields.Many2one(
        "coop.union.organization",
        string="Union Organization",
        index="btree_not_null",
        readonly=True,
        ondelete="cascade",
        help="Organisation of the member whose birthday this is: only its subtree's staff, the federation "
        "and the invited congratulators may see the event.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(SCOPE_FIELDS & set(vals) for vals in vals_list):
            raise AccessError(_("Birthday events are kept by the union registry only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and SCOPE_FIELDS & set(vals):
            raise AccessError(_("Birthday events are kept by the union registry only."))
        return super().write(vals)
