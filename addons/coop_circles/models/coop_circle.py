from datetime import timedelta

from odoo import _, api, fields, models
from odoo.addons.coop_base.tools import related_action, selection_labels
from odoo.exceptions import ValidationError

from ..tools.access import check_no_server_fields

STRUCTURAL_TYPES = [
    ("coordinator", "Project coordinator"),
    ("team_lead", "Team lead"),
    ("secretary", "Secretary"),
    ("facilitator", "Facilitator"),
    ("representative", "Representative"),
]


class CoopCircle(models.Model):
    _name = "coop.circle"
    _description = "Circle"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _parent_store = True
    _order = "sequence, name"

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    color = fields.Integer()
    active = fields.Boolean(default=True, tracking=True)
    kind = fields.Selection(
        [
            ("service", "Service"),
            ("producing", "Producing"),
            ("council", "Council"),
            ("general", "General"),
        ],
        required=True,
        default="service",
        tracking=True,
    )
    parent_id = fields.Many2one(
        "coop.circle", string="Parent Circle", index=True, ondelete="restrict", tracking=True
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("coop.circle", "parent_id", string="Sub-circles")
    purpose = fields.Text(tracking=True)
    domain = fields.Text(help="What the circle alone decides on and is responsible for.", tracking=True)
    coordinator_id = fields.Many2one("res.users", string="Project Coordinator", tracking=True, index=True)
    team_lead_id = fields.Many2one("res.users", string="Team Lead", tracking=True, index=True)
    role_ids = fields.One2many("coop.role", "circle_id", string="Roles")
    assignment_ids = fields.One2many("coop.role.assignment", "circle_id", string="Role Assignments")
    member_ids = fields.Many2many(
        "res.users",
        "coop_circle_member_rel",
        "circle_id",
        "user_id",
        string="Members",
        compute="_compute_member_ids",
        store=True,
        help="People holding a current role in the circle, with its coordinator and team lead.",
    )
    member_count = fields.Integer(compute="_compute_member_count")
    representative_ids = fields.Many2many(
        "res.users",
        string="Council Representatives",
        compute="_compute_representative_ids",
        help="Current holders of the circle's representative role.",
    )
    role_count = fields.Integer(compute="_compute_role_count")
    agreement_ids = fields.One2many("coop.agreement", "circle_id", string="Agreements")
    agreement_count = fields.Integer(compute="_compute_agreement_count")
    process_ids = fields.One2many("coop.process", "circle_id", string="Processes")

    @api.depends(
        "coordinator_id",
        "team_lead_id",
        "assignment_ids.user_id",
        "assignment_ids.date_start",
        "assignment_ids.date_end",
        "assignment_ids.approval_state",
        "assignment_ids.active",
    )
    def _compute_member_ids(self):
        representatives = self.env["res.users"]
        if any(circle.kind == "council" for circle in self):
            # The council is made of the circles' elected representatives.
            representatives = (
                self.env["coop.role.assignment"]
                .sudo()
                .search([("role_id.structural_type", "=", "representative"), ("is_current", "=", True)])
                .user_id
            )
        for circle in self:
            users = circle.assignment_ids.filtered("is_current").user_id
            users |= circle.coordinator_id | circle.team_lead_id
            if circle.kind == "council":
                users |= representatives
            circle.member_ids = users

    @api.depends("member_ids")
    def _compute_member_count(self):
        for circle in self:
            circle.member_count = len(circle.member_ids)

    @api.depends("role_ids")
    def _compute_role_count(self):
        for circle in self:
            circle.role_count = len(circle.role_ids)

    @api.depends("agreement_ids")
    def _compute_agreement_count(self):
        for circle in self:
            circle.agreement_count = len(circle.agreement_ids)

    def _compute_representative_ids(self):
        for circle in self:
            circle.representative_ids = circle.assignment_ids.filtered(
                lambda a: a.is_current and a.role_id.structural_type == "representative"
            ).user_id

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(_("A circle cannot be its own parent or the parent of one of its parents."))

    def write(self, vals):
        check_no_server_fields(self, vals, ["member_ids"])
        if vals.get("parent_id"):
            parent = self.browse(vals["parent_id"])
            descendants = self.with_context(active_test=False).search([("id", "child_of", self.ids)])
            if parent in descendants:
                raise ValidationError(
                    _(
                        "Circle %(parent)s is inside %(circle)s: a circle cannot be its own parent "
                        "or the parent of one of its parents.",
                        parent=parent.name,
                        circle=self[:1].name,
                    )
                )
        res = super().write(vals)
        self._sync_structural_holders(vals)
        return res

    @api.model_create_multi
    def create(self, vals_list):
        circles = super().create(vals_list)
        circles._create_structural_roles()
        for circle, vals in zip(circles, vals_list, strict=True):
            circle._sync_structural_holders(vals)
        return circles

    def _sync_structural_holders(self, vals):
        """A coordinator or team lead set on the circle holds the circle's structural role from today."""
        if self.env.context.get("coop_sync_leads"):
            return
        today = fields.Date.context_today(self)
        Assignment = self.env["coop.role.assignment"].sudo().with_context(coop_sync_leads=True)
        for fname, kind in (("coordinator_id", "coordinator"), ("team_lead_id", "team_lead")):
            if fname not in vals:
                continue
            for circle in self:
                role = circle.role_ids.filtered(lambda r, k=kind: r.structural_type == k)
                if not role:
                    continue
                user = circle[fname]
                current = role.assignment_ids.filtered("is_current")
                if current.user_id == user:
                    continue
                for holder in current:
                    if holder.date_start < today:
                        holder.date_end = today - timedelta(days=1)
                    else:
                        holder.active = False
                if user:
                    values = {"role_id": role.id, "user_id": user.id, "date_start": today}
                    if role.needs_approval:
                        values.update(
                            approval_state="approved",
                            approved_by_id=self.env.user.id,
                            approval_date=today,
                        )
                    Assignment.create(values)

    def _create_structural_roles(self):
        """Every circle has its structural roles (S3: coordinator, team lead, ...)."""
        Role = self.env["coop.role"].sudo()
        labels = selection_labels(self.env["coop.role"], "structural_type")
        defaults = self.env["coop.role"]._structural_defaults()
        for circle in self:
            existing = set(circle.with_context(active_test=False).role_ids.mapped("structural_type"))
            vals_list = []
            for key, _label in STRUCTURAL_TYPES:
                if key in existing:
                    continue
                vals = dict(defaults.get(key, {}))
                vals.update({"name": labels[key], "circle_id": circle.id, "structural_type": key})
                vals_list.append(vals)
            if vals_list:
                Role.create(vals_list)

    @api.model
    def _cron_recompute_members(self):
        """Role assignments start and end with the calendar: refresh the stored members daily."""
        circles = self.with_context(active_test=False).search([])
        self.env.add_to_compute(self._fields["member_ids"], circles)
        circles._recompute_recordset(["member_ids"])

    def action_open_roles(self):
        return related_action(self, "coop_circles.action_coop_role", "circle_id")

    def action_open_agreements(self):
        return related_action(self, "coop_circles.action_coop_agreement", "circle_id")

    def action_open_members(self):
        return related_action(
            self, "coop_circles.action_coop_role_assignment", "circle_id", {"search_default_current": 1}
        )
