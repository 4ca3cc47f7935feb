from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    coop_union_organization_ids = fields.Many2many(
        "coop.union.organization",
        "coop_union_organization_staff_rel",
        "user_id",
        "organization_id",
        string="Union Organizations",
        help="Organisations whose subtree this user works with.",
    )

    def coop_union_scope_domain(self, field_name="organization_path"):
        """Domain on ``field_name`` (a copy of an organisation's ``parent_path``) matching the
        subtrees of the organisations this user is staff of; used by the record rules."""
        self.ensure_one()
        paths = sorted(set(self.sudo().coop_union_organization_ids.mapped("parent_path")))
        # a path inside another one adds nothing
        paths = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
        if not paths:
            return [(field_name, "=", "-")]
        domain = [(field_name, "=like", path + "%") for path in paths]
        return ["|"] * (len(domain) - 1) + domain

    def coop_union_event_domain(self):
        """Domain of the calendar events this user may access: every event that is not a union
        member's birthday; a birthday only to the federation, the staff of the member's subtree
        and the invited congratulators."""
        self.ensure_one()
        if self.has_group("coop_union.group_union_federation"):
            return [(1, "=", 1)]
        return [
            "|",
            "|",
            ("coop_union_path", "=", False),
            ("partner_ids", "in", self.partner_id.ids),
        ] + self.coop_union_scope_domain("coop_union_path")
