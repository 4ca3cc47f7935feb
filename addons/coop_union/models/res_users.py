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

    # ------------------------------------------------------------------ scope
    # The record rules call the methods below. Their domains name only the user's id: who is
    # staff of which active organisation, and where it sits in the tree, is read in SQL when
    # each query is built (see coop.union.scoped), so the rule cache of the registry never
    # keeps an outdated scope.

    def _coop_union_scope_domain(self):
        """Records of this user's subtrees (members, appeals, awards, organisations)."""
        self.ensure_one()
        return [("coop_union_scope_user_ids", "in", [self.id])]

    def _coop_union_partner_domain(self):
        """Contacts this user may access: every contact that belongs to no organisation
        (neither a member's nor an applicant's), his own, and those of his subtrees."""
        self.ensure_one()
        return [
            "|",
            "|",
            ("coop_union_path", "=", False),
            ("id", "=", self.partner_id.id),
        ] + self._coop_union_scope_domain()

    def _coop_union_event_domain(self):
        """Domain of the calendar events this user may access: every event that is not a union
        member's birthday; a birthday only to the federation, the staff of the member's subtree
        and the invited congratulators."""
        self.ensure_one()
        if self.has_group("coop_union.group_union_federation"):
            return [(1, "=", 1)]
        return [
            "|",
            "|",
            ("coop_union_member_id", "=", False),
            ("partner_ids", "in", self.partner_id.ids),
        ] + self._coop_union_scope_domain()

    def _coop_union_covers(self, organization):
        """Whether this user works with ``organization``: union staff of it or of an
        organisation above it, or of the federation's staff."""
        self.ensure_one()
        if not organization or not self.has_group("coop_union.group_union_user"):
            return False
        if self.has_group("coop_union.group_union_federation"):
            return True
        return bool(
            self.env["coop.union.organization"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("id", "=", organization.id)] + self._coop_union_scope_domain(), limit=1)
        )

    # ------------------------------------------------------------------ membership changes
    def write(self, vals):
        before = self.sudo().coop_union_organization_ids if "coop_union_organization_ids" in vals else None
        res = super().write(vals)
        if before is not None:
            self.env["coop.union.scoped"]._coop_union_scope_changed()
        Org = self.env["coop.union.organization"].sudo()
        if before is not None and Org.search_count([("congratulator_ids", "in", self.ids)], limit=1):
            # the congratulators invited to birthdays are limited to the staff of the subtree
            orgs = before | self.sudo().coop_union_organization_ids
            orgs._coop_subtree_birthday_people()._coop_sync_birthday_events()
        return res
