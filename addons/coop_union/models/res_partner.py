from odoo import api, fields, models

from ..tools.bulk import add_missing_defaults
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

    @api.model
    def _add_missing_default_values(self, values):
        # computed once per batch while members are imported (see tools.bulk)
        return add_missing_defaults(self, values, super()._add_missing_default_values)

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
            # archived members included; the oldest membership gives the path
            self.env["coop.union.member"].flush_model(["partner_id", "organization_path"])
            self.env.cr.execute(
                """SELECT DISTINCT ON (partner_id) partner_id, organization_path
                     FROM coop_union_member
                    WHERE partner_id = ANY(%s)
                 ORDER BY partner_id, id""",
                [real_ids],
            )
            paths = dict(self.env.cr.fetchall())
        for partner in self:
            partner.coop_union_path = paths.get(partner.id) or False
