from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.osv import expression

from ..tools.sql import create_prefix_index


class CoopUnionOrganization(models.Model):
    _name = "coop.union.organization"
    _description = "Union Organization"
    _inherit = ["mail.thread", "mail.activity.mixin", "coop.union.scoped"]
    _coop_union_path_field = "parent_path"
    _parent_store = True
    _parent_name = "parent_id"
    _order = "complete_name"
    _rec_name = "complete_name"

    name = fields.Char(required=True, tracking=True)
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    code = fields.Char(
        tracking=True, index=True, help="Short code of the organisation, used by member imports."
    )
    level = fields.Selection(
        [("federation", "Federation"), ("regional", "Regional"), ("primary", "Primary")],
        required=True,
        default="primary",
        tracking=True,
    )
    parent_id = fields.Many2one(
        "coop.union.organization",
        string="Parent Organization",
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("coop.union.organization", "parent_id", string="Child Organizations")
    region = fields.Char(tracking=True, help="District or city of the region where the organisation works.")
    industry_id = fields.Many2one("coop.union.industry", tracking=True)
    chairman_id = fields.Many2one(
        "coop.union.member", string="Chairman", tracking=True, help="Member who chairs the organisation."
    )
    staff_user_ids = fields.Many2many(
        "res.users",
        "coop_union_organization_staff_rel",
        "organization_id",
        "user_id",
        string="Staff",
        help="Users who work for this organisation: they see and edit its whole subtree.",
    )
    congratulator_ids = fields.Many2many(
        "res.users",
        "coop_union_organization_congratulator_rel",
        "organization_id",
        "user_id",
        string="Congratulators",
        help="Users reminded of the birthdays of the organisation's chairman and key people.",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Address", help="Address and contacts of the organisation."
    )
    street = fields.Char(related="partner_id.street", readonly=False)
    city = fields.Char(related="partner_id.city", readonly=False)
    phone = fields.Char(related="partner_id.phone", readonly=False)
    email = fields.Char(related="partner_id.email", readonly=False)
    office_id = fields.Many2one(
        "coop.docflow.office",
        string="Office",
        index="btree_not_null",
        ondelete="restrict",
        tracking=True,
        help="The office that registers and controls this organisation's documents and appeals. "
        "An organisation without one is served by the office of the nearest organisation above it.",
    )
    member_count = fields.Integer(compute="_compute_member_count", string="Members")
    direct_member_count = fields.Integer(compute="_compute_member_count", string="Direct Members")
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_unique", "unique(code)", "The organisation code must be unique.")]

    def init(self):
        res = super().init()
        create_prefix_index(self.env.cr, "coop_union_organization", "parent_path")
        return res

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for org in self:
            if org.parent_id and org.level != "regional" and org.parent_id.level != "federation":
                org.complete_name = f"{org.parent_id.complete_name} / {org.name}"
            else:
                org.complete_name = org.name

    def _compute_member_count(self):
        """Members of each organisation and of its subtree: one grouped query for all of them
        (a member's organization_path is the parent_path of their organisation)."""
        orgs = self.filtered(lambda org: org.id and org.parent_path)
        (self - orgs).update({"member_count": 0, "direct_member_count": 0})
        if not orgs:
            return
        paths = set(orgs.mapped("parent_path"))
        domain = expression.AND(
            [
                [("state", "=", "member")],
                expression.OR([[("organization_path", "=like", path + "%")] for path in paths]),
            ]
        )
        counts = dict(
            self.env["coop.union.member"].sudo()._read_group(domain, ["organization_path"], ["__count"])
        )
        for org in orgs:
            org.direct_member_count = counts.get(org.parent_path, 0)
            org.member_count = sum(
                count for path, count in counts.items() if path.startswith(org.parent_path)
            )

    def _coop_office(self):
        """The office serving the organisation: its own, else the nearest one above it."""
        self.ensure_one()
        org = self.sudo()
        while org and not org.office_id:
            org = org.parent_id
        return org.office_id

    @api.constrains("level", "parent_id")
    def _check_level(self):
        rank = {"federation": 0, "regional": 1, "primary": 2}
        for org in self:
            if org.level == "federation" and org.parent_id:
                raise ValidationError(self.env._("A federation cannot have a parent organisation."))
            if org.level != "federation" and not org.parent_id:
                raise ValidationError(self.env._("Organisation %s needs a parent organisation.", org.name))
            if org.parent_id and rank[org.parent_id.level] >= rank[org.level]:
                raise ValidationError(
                    self.env._(
                        "Organisation %(org)s cannot be placed under %(parent)s: a parent must be of a higher level.",
                        org=org.name,
                        parent=org.parent_id.name,
                    )
                )
        if self._has_cycle():
            raise ValidationError(self.env._("Organisations cannot form a cycle."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._coop_check_targets(vals)
        orgs = super().create(vals_list)
        if any(vals.get("staff_user_ids") for vals in vals_list):
            self.env["coop.union.scoped"]._coop_union_scope_changed()
        orgs._coop_check_key_people(
            chairman=any(v.get("chairman_id") for v in vals_list),
            congratulators=any(v.get("congratulator_ids") for v in vals_list),
        )
        if orgs.chairman_id:
            orgs.chairman_id._coop_sync_birthday_events()
        return orgs

    def write(self, vals):
        protected = {"parent_id", "level", "staff_user_ids", "code", "office_id"} & set(vals)
        if protected and not self.env.su and not self.env.user.has_group("coop_union.group_union_federation"):
            raise AccessError(
                self.env._(
                    "Only the federation's staff may change the structure of the organisations and their staff."
                )
            )
        self._coop_check_targets(vals)
        moved = "parent_id" in vals
        old_chairmen = self.chairman_id if "chairman_id" in vals else self.env["coop.union.member"]
        staff_before = self.sudo().staff_user_ids if "staff_user_ids" in vals else None
        scope_changed = {"parent_id", "active"} & set(vals)
        before = self._coop_subtree_birthday_people() if scope_changed else self.env["coop.union.member"]
        res = super().write(vals)
        if {"chairman_id", "congratulator_ids"} & set(vals):
            self._coop_check_key_people(
                chairman="chairman_id" in vals, congratulators="congratulator_ids" in vals
            )
        if "chairman_id" in vals:
            (old_chairmen | self.chairman_id)._coop_sync_birthday_events()
        if "congratulator_ids" in vals:
            self._coop_birthday_people()._coop_sync_birthday_events()
        if moved:
            self.flush_model(["parent_path"])
            self._sync_member_paths()
        if {"staff_user_ids", "active", "parent_id"} & set(vals):
            self.env["coop.union.scoped"]._coop_union_scope_changed()
        if staff_before is not None:
            staff_after = self.sudo().staff_user_ids
            changed = (staff_before - staff_after) | (staff_after - staff_before)
            if changed and self.sudo().search_count([("congratulator_ids", "in", changed.ids)], limit=1):
                scope_changed = True
        if scope_changed:
            # who works with the subtree changed: so may the congratulators invited to its birthdays
            (before | self._coop_subtree_birthday_people())._coop_sync_birthday_events()
        return res

    def _coop_check_targets(self, vals):
        """Checks, with the rights of the user, the records he names: the chairman (whose
        birthday goes to the congratulators) must be a member he may read, and the address a
        contact he may read that belongs to no member nor applicant, since its e-mail, phone
        and street are shown to everyone who reads the organisation."""
        if self.env.su:
            return
        if vals.get("chairman_id"):
            member = self.env["coop.union.member"].browse(vals["chairman_id"]).exists()
            if member and not member.has_access("read"):
                raise AccessError(
                    self.env._(
                        "You cannot name member #%s chairman: the member belongs to an organisation outside yours.",
                        member.id,
                    )
                )
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"]).exists()
            if partner and not partner.has_access("read"):
                raise AccessError(
                    self.env._(
                        "You cannot use contact #%s as the address: you are not allowed to see it.",
                        partner.id,
                    )
                )
            if partner and partner.sudo().coop_union_organization_id:
                raise AccessError(
                    self.env._(
                        "The contact of a member or of an applicant cannot be an organisation's address: "
                        "its e-mail and phone would be shown to everyone who reads the organisation."
                    )
                )

    @api.model
    def _coop_check_assignable(self, org_id):
        """Members, appeals and awards are put only in organisations of the user's subtree
        (where he may edit), so that nobody moves records into another organisation's registry."""
        if self.env.su or not org_id:
            return
        org = self.browse(org_id).exists()
        if org and not org.has_access("write"):
            raise AccessError(
                self.env._(
                    "You cannot put a record in %s: the organisation is outside yours.",
                    org.sudo().complete_name,
                )
            )

    def _coop_check_key_people(self, chairman=True, congratulators=True):
        """The chairman is a member of the organisation's subtree; the congratulators (who
        receive the birthdays of its chairman and key people) are union staff working with it.
        Congratulators who later leave the staff are simply no longer invited."""
        for org in self.sudo():
            chairman_path = org.chairman_id.organization_path or ""
            if chairman and org.chairman_id and not chairman_path.startswith(org.parent_path or "-"):
                raise ValidationError(
                    self.env._(
                        "%(member)s cannot chair %(org)s: the chairman must be a member of the organisation "
                        "or of one below it.",
                        member=org.chairman_id.name,
                        org=org.name,
                    )
                )
            for user in org.congratulator_ids if congratulators else ():
                if not user._coop_union_covers(org):
                    raise ValidationError(
                        self.env._(
                            "%(user)s cannot congratulate the members of %(org)s: congratulators must be "
                            "staff of the organisation, of one above it, or of the federation.",
                            user=user.name,
                            org=org.name,
                        )
                    )

    def _coop_subtree_birthday_people(self):
        """Members with a birthday event in the subtrees of these organisations."""
        if not self:
            return self.env["coop.union.member"]
        subtree = self.sudo().with_context(active_test=False).search([("id", "child_of", self.ids)])
        return (
            self.env["calendar.event"]
            .sudo()
            .with_context(active_test=False)
            .search([("coop_union_member_id.organization_id", "in", subtree.ids)])
            .coop_union_member_id
        ) | subtree.chairman_id

    def _coop_birthday_people(self):
        """Members whose birthday events invite the congratulators of these organisations:
        key people of them and of their children, chairmen of them and of their children."""
        orgs = self | self.child_ids
        members = self.env["coop.union.member"].sudo()
        with_events = (
            self.env["calendar.event"]
            .sudo()
            .with_context(active_test=False)
            .search([("coop_union_member_id.organization_id", "in", orgs.ids)])
            .coop_union_member_id
        )
        return members.browse(with_events.ids) | orgs.chairman_id

    def _sync_member_paths(self):
        """Copy the new parent paths onto the members, appeals and awards of the moved subtrees.

        ``_parent_store`` rewrites ``parent_path`` in SQL, without the ORM's recomputation,
        so the denormalised copies used by the access rules are refreshed here, in SQL too.
        """
        cr = self.env.cr
        subtree = self.search([("id", "child_of", self.ids)]).ids
        if not subtree:
            return
        for table in ("coop_union_member", "coop_union_appeal", "coop_union_award"):
            cr.execute(
                f"""UPDATE {table} t SET organization_path = o.parent_path
                      FROM coop_union_organization o
                     WHERE t.organization_id = o.id AND o.id = ANY(%s)""",  # noqa: S608
                [subtree],
            )
        cr.execute(
            """UPDATE calendar_event e SET coop_union_path = m.organization_path
                 FROM coop_union_member m
                WHERE e.coop_union_member_id = m.id AND m.organization_id = ANY(%s)""",
            [subtree],
        )
        cr.execute(
            """UPDATE res_partner p SET coop_union_path = m.organization_path
                 FROM coop_union_member m
                WHERE m.partner_id = p.id AND m.organization_id = ANY(%s)""",
            [subtree],
        )
        cr.execute(
            """UPDATE res_partner p SET coop_union_path = o.parent_path
                 FROM coop_union_organization o
                WHERE p.coop_union_applicant_organization_id = o.id AND o.id = ANY(%s)
                  AND NOT EXISTS (SELECT 1 FROM coop_union_member m WHERE m.partner_id = p.id)""",
            [subtree],
        )
        for model in ("coop.union.member", "coop.union.appeal", "coop.union.award"):
            self.env[model].invalidate_model(["organization_path"])
        self.env["res.partner"].invalidate_model(["coop_union_path"])
        self.env["calendar.event"].invalidate_model(["coop_union_path"])
        self.env["coop.union.scoped"]._coop_union_scope_changed()

    def action_view_members(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("coop_union.action_coop_union_member")
        action["domain"] = [("organization_id", "child_of", self.id)]
        action["context"] = {"default_organization_id": self.id if self.level == "primary" else False}
        return action

    def _coop_appeal_responsible(self):
        """Who is in charge of the appeals that arrive by themselves: the secretary of the
        organisation's office, else its chairman, else the first of the organisation's staff."""
        self.ensure_one()
        office = self._coop_office()
        return (
            office.secretary_ids[:1]
            or office.chairman_id
            or self.sudo().staff_user_ids[:1]
            or self.env["res.users"]
        )
