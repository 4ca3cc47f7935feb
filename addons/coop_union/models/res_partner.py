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

    def write(self, vals):
        res = super().write(vals)
        if "name" in vals:
            people = (
                self.sudo()
                .with_context(active_test=False)
                .coop_union_member_ids.filtered(lambda m: m.is_key_person or m.is_chairman)
            )
            if people:
                people._coop_sync_birthday_events()
        return res

    def init(self):
        res = super().init()
        create_prefix_index(self.env.cr, "res_partner", "coop_union_path")
        return res

    @api.depends("coop_union_member_ids.organization_path")
    def _compute_coop_union_path(self):
        paths = {}
        real_ids = [pid for pid in self.ids if isinstance(pid, int)]
        if real_ids:
            members = (
                self.env["coop.union.member"]
                .sudo()
                .with_context(active_test=False)
                .search_read(
                    [("partner_id", "in", real_ids)], ["partner_id", "organization_path"], order="id"
                )
            )
            for member in members:
                paths.setdefault(member["partner_id"][0], member["organization_path"])
        for partner in self:
            partner.coop_union_path = paths.get(partner.id) or False
