from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools.bulk import add_missing_defaults
from ..tools.sql import create_prefix_index

# set by the registry only: they decide who may see the contact
SCOPE_FIELDS = {"coop_union_organization_id", "coop_union_applicant_organization_id", "coop_union_path"}


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "coop.union.scoped"]
    _coop_union_path_field = "coop_union_path"

    coop_union_member_ids = fields.One2many("coop.union.member", "partner_id", string="Union Memberships")
    coop_union_path = fields.Char(
        compute="_compute_coop_union_path",
        store=True,
        index="btree_not_null",
        help="Organisation path of the union member (or of the appeal) this contact belongs to.",
    )
    coop_union_applicant_organization_id = fields.Many2one(
        "coop.union.organization",
        string="Applicant to",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        help="Organisation that received an appeal from this person, who is not a member.",
    )
    coop_union_organization_id = fields.Many2one(
        "coop.union.organization",
        string="Union Organization",
        compute="_compute_coop_union_path",
        store=True,
        index="btree_not_null",
        help="Organisation of the union member (or of the appeal) this contact belongs to: only the staff "
        "of its subtree and the federation may see the contact.",
    )

    @api.model
    def _add_missing_default_values(self, values):
        # computed once per batch while members are imported (see tools.bulk)
        return add_missing_defaults(self, values, super()._add_missing_default_values)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(SCOPE_FIELDS & set(vals) for vals in vals_list):
            raise AccessError(
                self.env._("Only the union registry decides which organisation a contact belongs to.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and SCOPE_FIELDS & set(vals):
            raise AccessError(
                self.env._("Only the union registry decides which organisation a contact belongs to.")
            )
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

    @api.depends(
        "coop_union_member_ids.organization_id",
        "coop_union_member_ids.organization_path",
        "coop_union_applicant_organization_id",
    )
    def _compute_coop_union_path(self):
        memberships = {}
        real_ids = [pid for pid in self.ids if isinstance(pid, int)]
        if real_ids:
            # archived members included; the oldest membership decides
            self.env["coop.union.member"].flush_model(["partner_id", "organization_id", "organization_path"])
            self.env.cr.execute(
                """SELECT DISTINCT ON (partner_id) partner_id, organization_path, organization_id
                     FROM coop_union_member
                    WHERE partner_id = ANY(%s)
                 ORDER BY partner_id, id""",
                [real_ids],
            )
            memberships = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for partner in self:
            path, org_id = memberships.get(partner.id) or (False, False)
            applicant_org = partner.coop_union_applicant_organization_id
            partner.coop_union_path = path or applicant_org.parent_path or False
            partner.coop_union_organization_id = org_id or applicant_org
