from odoo import api, fields, models
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
    coop_union_organization_id = fields.Many2one(
        "coop.union.organization",
        string="Union Organization",
        index="btree_not_null",
        readonly=True,
        ondelete="cascade",
        help="Organisation of the member whose birthday this is: only its subtree's staff, the federation "
        "and the invited congratulators may see the event.",
    )
    coop_union_path = fields.Char(
        index="btree_not_null",
        readonly=True,
        help="Organisation path of the member whose birthday this is.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # Odoo's recurrence copies these keys with empty values into every occurrence of an
        # ordinary event: only a value that scopes the event is the registry's to set.
        if not self.env.su and any(vals.get(name) for vals in vals_list for name in SCOPE_FIELDS):
            raise AccessError(self.env._("Birthday events are kept by the union registry only."))
        return super().create(vals_list)

    def write(self, vals):
        scoped = SCOPE_FIELDS & set(vals)
        if (
            not self.env.su
            and scoped
            and (any(vals[name] for name in scoped) or any(event[name] for event in self for name in scoped))
        ):
            raise AccessError(self.env._("Birthday events are kept by the union registry only."))
        return super().write(vals)
