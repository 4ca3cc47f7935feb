from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

# the office roles and the group each gives (the kind of role; the office is its scope)
ROLE_GROUPS = {
    "chairman_id": "coop_docflow.group_docflow_chairman",
    "deputy_ids": "coop_docflow.group_docflow_deputy",
    "secretary_ids": "coop_docflow.group_docflow_secretary",
    "executor_ids": "coop_docflow.group_docflow_executor",
}
# the roles in charge of an office's documents (and of the offices below it)
IN_CHARGE_SQL = """
    SELECT id AS office_id, chairman_id AS user_id FROM coop_docflow_office WHERE chairman_id IS NOT NULL
    UNION ALL SELECT office_id, user_id FROM coop_docflow_office_deputy_rel
    UNION ALL SELECT office_id, user_id FROM coop_docflow_office_secretary_rel
"""
MEMBER_SQL = (
    IN_CHARGE_SQL
    + """
    UNION ALL SELECT office_id, user_id FROM coop_docflow_office_executor_rel
"""
)


class CoopDocflowOffice(models.Model):
    """An office: the people and the journals that register and control one organisation's
    documents. Offices form a tree: an office's documents are seen by its own people and by
    the offices above it, never by offices beside it."""

    _name = "coop.docflow.office"
    _description = "Document Flow Office"
    _inherit = ["mail.thread"]
    _parent_store = True
    _parent_name = "parent_id"
    _order = "complete_name"
    _rec_name = "complete_name"

    name = fields.Char(required=True, tracking=True)
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    code = fields.Char(tracking=True, help="Short code of the office.")
    active = fields.Boolean(default=True, tracking=True)
    parent_id = fields.Many2one(
        "coop.docflow.office", string="Parent Office", index=True, ondelete="restrict", tracking=True
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("coop.docflow.office", "parent_id", string="Child Offices")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    chairman_id = fields.Many2one(
        "res.users",
        string="Chairman",
        tracking=True,
        domain="[('share', '=', False)]",
        help="Signs the office's documents and writes the resolutions on its incoming mail.",
    )
    deputy_ids = fields.Many2many(
        "res.users",
        "coop_docflow_office_deputy_rel",
        "office_id",
        "user_id",
        string="Deputy Chairmen",
        domain="[('share', '=', False)]",
        help="Write resolutions on the documents the chairman delegates to them.",
    )
    secretary_ids = fields.Many2many(
        "res.users",
        "coop_docflow_office_secretary_rel",
        "office_id",
        "user_id",
        string="Secretaries",
        domain="[('share', '=', False)]",
        help="Register the office's documents in its journals, send and dispatch them.",
    )
    executor_ids = fields.Many2many(
        "res.users",
        "coop_docflow_office_executor_rel",
        "office_id",
        "user_id",
        string="Executors",
        domain="[('share', '=', False)]",
        help="Employees who write the office's documents and execute its resolutions.",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        default=lambda self: self.env.company.resource_calendar_id,
        help="Deadlines of the office (control dates, appeal answers) count its working days.",
    )
    journal_ids = fields.One2many("coop.document.journal", "office_id", string="Journals")
    journal_count = fields.Integer(compute="_compute_counts")
    document_count = fields.Integer(compute="_compute_counts")
    scope_user_ids = fields.Many2many(
        "res.users",
        string="People in Charge",
        compute="_compute_scope_user_ids",
        search="_search_scope_user_ids",
        help="Secretaries, deputies and chairmen of this office or of an office above it: they "
        "see its documents.",
    )
    member_user_ids = fields.Many2many(
        "res.users",
        string="People",
        compute="_compute_member_user_ids",
        search="_search_member_user_ids",
        help="Everyone who serves the office, in any role.",
    )
    color = fields.Integer()

    _sql_constraints = [("code_unique", "unique(code)", "The office code must be unique.")]

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for office in self:
            if office.parent_id:
                office.complete_name = f"{office.parent_id.complete_name} / {office.name}"
            else:
                office.complete_name = office.name

    def _compute_counts(self):
        journals = dict(
            self.env["coop.document.journal"]
            .sudo()
            ._read_group([("office_id", "in", self.ids)], ["office_id"], ["__count"])
        )
        documents = dict(
            self.env["coop.document"]._read_group([("office_id", "in", self.ids)], ["office_id"], ["__count"])
        )
        for office in self:
            office.journal_count = journals.get(office, 0)
            office.document_count = documents.get(office, 0)

    @api.constrains("parent_id")
    def _check_parent(self):
        if self._has_cycle():
            raise ValidationError(self.env._("Offices cannot form a cycle."))

    # ------------------------------------------------------------------ scope (SQL)
    # The record rules of the documents name the user's id only: who holds which role in which
    # office, and where the office sits in the tree, is read in SQL when each query is built,
    # so the registry's rule cache never keeps an outdated scope.
    def _flush_people(self):
        self.flush_model(
            ["parent_path", "active", "chairman_id", "deputy_ids", "secretary_ids", "executor_ids"]
        )

    @api.model
    def _office_ids_of(self, user_ids, roles_sql, subtree=True):
        """Ids of the active offices where the users hold a role of ``roles_sql`` (with the
        offices below them when ``subtree``)."""
        if not user_ids:
            return []
        self._flush_people()
        if subtree:
            query = f"""
                SELECT DISTINCT child.id
                  FROM ({roles_sql}) r
                  JOIN coop_docflow_office o ON o.id = r.office_id AND o.active
                  JOIN coop_docflow_office child ON child.parent_path LIKE o.parent_path || '%%'
                 WHERE r.user_id = ANY(%s)"""
        else:
            query = f"""
                SELECT DISTINCT o.id
                  FROM ({roles_sql}) r
                  JOIN coop_docflow_office o ON o.id = r.office_id AND o.active
                 WHERE r.user_id = ANY(%s)"""
        self.env.cr.execute(query, [list(user_ids)])
        return sorted(row[0] for row in self.env.cr.fetchall())

    def _users_of(self, roles_sql, subtree):
        """{office id: user ids} holding a role of ``roles_sql`` in it (or above it when ``subtree``)."""
        result = {office.id: set() for office in self}
        if not self.ids:
            return result
        self._flush_people()
        if subtree:
            query = f"""
                SELECT child.id, r.user_id
                  FROM ({roles_sql}) r
                  JOIN coop_docflow_office o ON o.id = r.office_id AND o.active
                  JOIN coop_docflow_office child ON child.parent_path LIKE o.parent_path || '%%'
                 WHERE child.id = ANY(%s)"""
        else:
            query = f"""SELECT r.office_id, r.user_id FROM ({roles_sql}) r WHERE r.office_id = ANY(%s)"""
        self.env.cr.execute(query, [self.ids])
        for office_id, user_id in self.env.cr.fetchall():
            result[office_id].add(user_id)
        return result

    def _compute_scope_user_ids(self):
        users = self._users_of(IN_CHARGE_SQL, subtree=True)
        for office in self:
            office.scope_user_ids = [(6, 0, sorted(users.get(office.id, ())))]

    def _compute_member_user_ids(self):
        users = self._users_of(MEMBER_SQL, subtree=False)
        for office in self:
            office.member_user_ids = [(6, 0, sorted(users.get(office.id, ())))]

    def _user_ids_of_value(self, operator, value):
        if operator not in ("in", "="):
            raise UserError(self.env._("Offices can only be searched by the people serving them."))
        if isinstance(value, int):
            return [value]
        return [v for v in value or () if isinstance(v, int)]

    def _search_scope_user_ids(self, operator, value):
        ids = self._office_ids_of(self._user_ids_of_value(operator, value), IN_CHARGE_SQL, subtree=True)
        return [("id", "in", ids)] if ids else expression.FALSE_DOMAIN

    def _search_member_user_ids(self, operator, value):
        ids = self._office_ids_of(self._user_ids_of_value(operator, value), MEMBER_SQL, subtree=False)
        return [("id", "in", ids)] if ids else expression.FALSE_DOMAIN

    # ------------------------------------------------------------------ a user's offices
    @api.model
    def _user_offices(self, user=None):
        """The active offices the user serves, in any role."""
        user = user or self.env.user
        return self.sudo().browse(self._office_ids_of([user.id], MEMBER_SQL, subtree=False))

    @api.model
    def _default_office(self):
        """The office of the company's head (the root office), when there is exactly one."""
        roots = self.sudo().search(
            [("parent_id", "=", False), ("company_id", "in", [self.env.company.id, False])], limit=2
        )
        return roots if len(roots) == 1 else self.browse()

    def _is_in_charge(self, user=None):
        """Whether the user is secretary, deputy or chairman of this office or of one above it."""
        self.ensure_one()
        user = user or self.env.user
        return self.id in self._office_ids_of([user.id], IN_CHARGE_SQL, subtree=True)

    # ------------------------------------------------------------------ roles give groups
    def _grant_role_groups(self, fnames):
        """The people of a role get the group of its kind (an administrator sets people in one place)."""
        for fname in fnames:
            users = self.sudo().mapped(fname).filtered(lambda u: not u.share)
            group = self.env.ref(ROLE_GROUPS[fname])
            missing = users.filtered(lambda u, group=group: group not in u.groups_id)
            if missing:
                missing.sudo().write({"groups_id": [(4, group.id)]})

    def _check_people(self, fnames):
        for office in self.sudo():
            people = self.env["res.users"]
            for fname in fnames:
                people |= office[fname]
            if people.filtered("share"):
                raise ValidationError(
                    self.env._("The people of an office must be employees (internal users).")
                )

    @api.model
    def _scope_changed(self):
        """Who serves which office, or where an office sits, changed: forget the values computed
        in this transaction (other transactions read them afresh anyway)."""
        self.invalidate_model(["scope_user_ids", "member_user_ids"], flush=False)
        self.env["coop.document"].invalidate_model(["office_choice_ids"], flush=False)

    @api.model_create_multi
    def create(self, vals_list):
        offices = super().create(vals_list)
        self._scope_changed()
        fnames = {fname for vals in vals_list for fname in ROLE_GROUPS if vals.get(fname)}
        offices._check_people(fnames)
        offices._grant_role_groups(fnames)
        return offices

    def write(self, vals):
        res = super().write(vals)
        if {"parent_id", "active", *ROLE_GROUPS} & set(vals):
            self._scope_changed()
        fnames = set(ROLE_GROUPS) & set(vals)
        if fnames:
            self._check_people(fnames)
            self._grant_role_groups(fnames)
        return res

    # ------------------------------------------------------------------ actions
    def action_open_documents(self):
        self.ensure_one()
        self.check_access("read")
        return self.env["coop.document"]._get_records_action(
            name=self.env._("Documents of %s", self.complete_name),
            domain=[("office_id", "=", self.id)],
            context={"default_office_id": self.id},
            views=[(False, "list"), (False, "kanban"), (False, "form")],
        )
