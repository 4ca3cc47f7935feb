from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools.sql import create_prefix_index


class CoopUnionAward(models.Model):
    """One line of the awards list: the seven columns the federation keeps (seed 001)."""

    _name = "coop.union.award"
    _description = "Award"
    _inherit = ["mail.thread", "mail.activity.mixin", "coop.union.scoped"]
    _order = "year desc, name"

    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year, tracking=True
    )
    member_id = fields.Many2one("coop.union.member", tracking=True)
    name = fields.Char(
        string="Full Name", compute="_compute_from_member", store=True, readonly=False, tracking=True
    )
    workplace_position = fields.Char(
        string="Workplace and Position", compute="_compute_from_member", store=True, readonly=False
    )
    industry_id = fields.Many2one(
        "coop.union.industry", compute="_compute_from_member", store=True, readonly=False, tracking=True
    )
    award_type_id = fields.Many2one("coop.union.award.type", string="Award", required=True, tracking=True)
    currency_id = fields.Many2one(
        "res.currency",
        default=lambda self: self.env.ref("base.RUB", raise_if_not_found=False)
        or self.env.company.currency_id,
    )
    cash_gift = fields.Monetary(tracking=True)
    justification = fields.Text(required=True)
    organization_id = fields.Many2one(
        "coop.union.organization",
        string="Nominating Organization",
        index=True,
        compute="_compute_from_member",
        store=True,
        readonly=False,
        ondelete="restrict",
    )
    organization_path = fields.Char(related="organization_id.parent_path", store=True, index="btree_not_null")

    def init(self):
        res = super().init()
        create_prefix_index(self.env.cr, "coop_union_award", "organization_path")
        return res

    @api.model_create_multi
    def create(self, vals_list):
        self._coop_check_members(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self.env["coop.union.organization"]._coop_check_assignable(vals.get("organization_id"))
        self._coop_check_members([vals])
        return super().write(vals)

    def _coop_check_members(self, vals_list):
        """The full name, workplace and organisation are copied from the member: the user
        must be allowed to read that member."""
        if self.env.su:
            return
        member_ids = {vals["member_id"] for vals in vals_list if vals.get("member_id")}
        for member in self.env["coop.union.member"].browse(member_ids).exists():
            if not member.has_access("read"):
                raise AccessError(
                    self.env._(
                        "You cannot nominate member #%s: the member belongs to an organisation outside yours.",
                        member.id,
                    )
                )

    @api.depends("member_id")
    def _compute_from_member(self):
        for award in self:
            member = award.member_id
            if not member:
                continue
            award.name = member.name
            award.workplace_position = ", ".join(p for p in (member.workplace, member.position) if p)
            award.industry_id = member.industry_id
            award.organization_id = member.organization_id

    @api.constrains("year", "cash_gift", "name", "organization_id")
    def _check_values(self):
        for award in self:
            if not award.name:
                raise ValidationError(self.env._("An award needs the full name of the person awarded."))
            if not award.organization_id:
                raise ValidationError(
                    self.env._("An award needs the organisation that nominates the person.")
                )
            if award.year < 1900 or award.year > 2200:
                raise ValidationError(self.env._("The award year %s is not a valid year.", award.year))
            if award.cash_gift < 0:
                raise ValidationError(self.env._("The cash gift cannot be negative."))
