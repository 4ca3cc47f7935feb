from odoo import api, fields, models


class CoopUnionMailingOwned(models.AbstractModel):
    """Mailings and mailing lists of a union organisation: its staff, the staff above it and
    the federation see them; other subtrees do not."""

    _name = "coop.union.mailing.owned"
    _inherit = "coop.union.scoped"
    _description = "Union Organisation's Mailing Object"
    _coop_union_path_field = "coop_union_path"

    coop_union_organization_id = fields.Many2one(
        "coop.union.organization",
        string="Union Organization",
        default=lambda self: self._coop_default_organization(),
        index="btree_not_null",
        ondelete="restrict",
        help="Organisation on whose behalf it is kept: the staff of this organisation and of those above it "
        "see it.",
    )
    coop_union_path = fields.Char(
        related="coop_union_organization_id.parent_path",
        store=True,
        index="btree_not_null",
        string="Union Organization Path",
    )

    @api.model
    def _coop_default_organization(self):
        return self.env.user.sudo().coop_union_organization_ids[:1]

    @api.model_create_multi
    def create(self, vals_list):
        Org = self.env["coop.union.organization"]
        for vals in vals_list:
            Org._coop_check_assignable(vals.get("coop_union_organization_id"))
        return super().create(vals_list)

    def write(self, vals):
        self.env["coop.union.organization"]._coop_check_assignable(vals.get("coop_union_organization_id"))
        return super().write(vals)
