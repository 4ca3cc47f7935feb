from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression


def _prefixes(path):
    """'1/5/9/' -> ['1/', '1/5/', '1/5/9/']: the parent paths of an organisation and its ancestors."""
    parts = (path or "").split("/")[:-1]
    return ["/".join(parts[:i]) + "/" for i in range(1, len(parts) + 1)]


class CoopUnionScoped(models.AbstractModel):
    """Records seen by the staff of an organisation's subtree.

    The record rules say ``[('coop_union_scope_user_ids', 'in', [user.id])]``: the rule's domain
    names the user only, so the registry's rule cache never holds a membership. Who is staff of
    which active organisation is read in SQL when each query is built, and turned into prefix
    conditions on the record's copy of its organisation's ``parent_path`` (index-friendly).
    """

    _name = "coop.union.scoped"
    _description = "Union Subtree Scope"
    # field holding the parent path of the record's organisation
    _coop_union_path_field = "organization_path"

    coop_union_scope_user_ids = fields.Many2many(
        "res.users",
        string="Union Staff in Charge",
        compute="_compute_coop_union_scope_user_ids",
        search="_search_coop_union_scope_user_ids",
        compute_sudo=True,
        help="Staff of the organisation (or of one above it) this record belongs to.",
    )

    def _coop_union_flush_scope(self):
        self.env["coop.union.organization"].flush_model(["parent_path", "active", "staff_user_ids"])
        self.env["res.users"].flush_model(["coop_union_organization_ids"])

    @api.depends(lambda self: [self._coop_union_path_field])
    def _compute_coop_union_scope_user_ids(self):
        paths = {record: record[self._coop_union_path_field] for record in self}
        prefixes = {prefix for path in paths.values() for prefix in _prefixes(path)}
        staff = defaultdict(list)
        if prefixes:
            self._coop_union_flush_scope()
            self.env.cr.execute(
                """SELECT o.parent_path, r.user_id
                     FROM coop_union_organization_staff_rel r
                     JOIN coop_union_organization o ON o.id = r.organization_id
                    WHERE o.active AND o.parent_path = ANY(%s)""",
                [sorted(prefixes)],
            )
            for path, user_id in self.env.cr.fetchall():
                staff[path].append(user_id)
        Users = self.env["res.users"]
        for record, path in paths.items():
            user_ids = {uid for prefix in _prefixes(path) for uid in staff[prefix]}
            record.coop_union_scope_user_ids = Users.browse(sorted(user_ids))

    def _search_coop_union_scope_user_ids(self, operator, value):
        if operator not in ("in", "="):
            raise UserError(self.env._("Records can only be searched by the staff in charge of them."))
        user_ids = [value] if isinstance(value, int) else [v for v in value if isinstance(v, int)]
        if not user_ids:
            return expression.FALSE_DOMAIN
        self._coop_union_flush_scope()
        self.env.cr.execute(
            """SELECT DISTINCT o.parent_path
                 FROM coop_union_organization_staff_rel r
                 JOIN coop_union_organization o ON o.id = r.organization_id
                WHERE o.active AND r.user_id = ANY(%s)""",
            [user_ids],
        )
        paths = sorted(row[0] for row in self.env.cr.fetchall() if row[0])
        # a path inside another one adds nothing
        paths = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
        if not paths:
            return expression.FALSE_DOMAIN
        return expression.OR([[(self._coop_union_path_field, "=like", path + "%")] for path in paths])

    @api.model
    def _coop_union_scope_changed(self):
        """Who is staff of which organisation changed: forget the values computed in this
        transaction (other transactions and workers read them afresh anyway)."""
        for model in (
            "coop.union.member",
            "coop.union.appeal",
            "coop.union.award",
            "coop.union.membership.dynamics",
            "coop.union.organization",
            "res.partner",
            "calendar.event",
        ):
            self.env[model].invalidate_model(["coop_union_scope_user_ids"], flush=False)
