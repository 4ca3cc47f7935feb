from odoo import api, fields, models

from ..tools.sql import create_prefix_index


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_union_member_ids = fields.One2many("coop.union.member", "partner_id", string="Union Memberships")
    coop_union_path = fields.Char(
        compute="_compute_coop_union_path",
        store=True,
        index="btree_not_null",
        help="Organisation path of the union member this contact belongs to; it limits who may see it.",
    )

    def init(self):
        res = super().init()
        create_prefix_index(self.env.cr, "res_partner", "coop_union_path")
        return res

    @api.depends("coop_union_member_ids.organization_path")
    def _compute_coop_union_path(self):
        for partner in self:
            members = partner.with_context(active_test=False).sudo().coop_union_member_ids
            partner.coop_union_path = members[:1].organization_path or False
