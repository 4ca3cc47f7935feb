from odoo import fields, models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

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
        help="Organisation path of the member whose birthday this is; it limits who may see the event.",
    )
