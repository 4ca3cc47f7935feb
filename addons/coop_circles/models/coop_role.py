from odoo import _, api, fields, models
from odoo.addons.coop_base.tools import selection_labels
from odoo.exceptions import UserError

from ..tools.access import is_coop_admin
from .coop_circle import STRUCTURAL_TYPES

# Structural roles held by one person at a time.
SINGLE_HOLDER_TYPES = ("coordinator", "team_lead", "secretary", "facilitator")


class CoopRole(models.Model):
    _name = "coop.role"
    _description = "Role"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "circle_id, sequence, name"

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    circle_id = fields.Many2one("coop.circle", required=True, index=True, ondelete="cascade", tracking=True)
    circle_kind = fields.Selection(related="circle_id.kind", string="Circle Kind")
    structural_type = fields.Selection(
        STRUCTURAL_TYPES,
        help="Structural roles exist in every circle; empty for the circle's own roles.",
        readonly=True,
    )
    purpose = fields.Text(tracking=True)
    accountabilities = fields.Text(tracking=True)
    domains = fields.Text(tracking=True)
    is_elected = fields.Boolean(
        string="Elected", tracking=True, help="Holders are elected by the circle for a term."
    )
    term_months = fields.Integer(
        string="Term (months)", default=12, tracking=True, help="Length of an elected term."
    )
    needs_approval = fields.Boolean(
        string="Approved by the Chairman",
        tracking=True,
        help="A new holder takes the role only once the chairman approves the election.",
    )
    is_chairman_role = fields.Boolean(
        string="Chairman",
        help="The holder of this role is the chairman of the cooperative and approves elections.",
    )
    single_holder = fields.Boolean(compute="_compute_single_holder")
    assignment_ids = fields.One2many("coop.role.assignment", "role_id", string="Assignments")
    duty_process_ids = fields.Many2many(
        "coop.process",
        "coop_process_executor_role_rel",
        "role_id",
        "process_id",
        string="Processes Executed",
        readonly=True,
        help="The role's duties, derived from the process specifications where it is an executor.",
    )
    owned_process_ids = fields.One2many(
        "coop.process", "owner_role_id", string="Processes Owned", readonly=True
    )
    duty_kpi_ids = fields.Many2many("coop.process.kpi", string="KPIs", compute="_compute_duty_kpi_ids")
    current_user_ids = fields.Many2many(
        "res.users", string="Current Holders", compute="_compute_current_user_ids"
    )

    _sql_constraints = [
        (
            "structural_unique",
            "UNIQUE(circle_id, structural_type)",
            "A circle has each structural role only once.",
        ),
        ("term_positive", "CHECK(term_months >= 0)", "The term length cannot be negative."),
    ]

    @api.model
    def _structural_defaults(self):
        return {
            "coordinator": {"is_elected": True, "term_months": 12, "sequence": 1},
            "team_lead": {
                "is_elected": True,
                "term_months": 12,
                "needs_approval": True,
                "sequence": 2,
            },
            "secretary": {"is_elected": True, "term_months": 12, "sequence": 3},
            "facilitator": {"is_elected": True, "term_months": 12, "sequence": 4},
            "representative": {"is_elected": True, "term_months": 12, "sequence": 5},
        }

    @api.depends("name", "structural_type")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """Structural roles read in the reader's language, whatever language created them."""
        labels = selection_labels(self, "structural_type")
        for role in self:
            role.display_name = labels.get(role.structural_type) or role.name

    @api.depends("structural_type")
    def _compute_single_holder(self):
        for role in self:
            role.single_holder = role.structural_type in SINGLE_HOLDER_TYPES

    @api.depends("duty_process_ids.kpi_ids")
    def _compute_duty_kpi_ids(self):
        for role in self:
            role.duty_kpi_ids = role.duty_process_ids.kpi_ids

    @api.model_create_multi
    def create(self, vals_list):
        if not is_coop_admin(self.env) and any(vals.get("is_chairman_role") for vals in vals_list):
            raise UserError(_("Only an administrator marks the chairman's role."))
        return super().create(vals_list)

    def write(self, vals):
        if not is_coop_admin(self.env):
            if "circle_id" in vals and any(role.circle_id.id != vals["circle_id"] for role in self):
                raise UserError(
                    _("A role stays in its circle: only an administrator moves a role to another circle.")
                )
            if "is_chairman_role" in vals and any(
                role.is_chairman_role != bool(vals["is_chairman_role"]) for role in self
            ):
                raise UserError(_("Only an administrator marks the chairman's role."))
            if "needs_approval" in vals and any(
                role.structural_type and role.needs_approval != bool(vals["needs_approval"]) for role in self
            ):
                raise UserError(
                    _("Only an administrator changes whether the chairman approves a structural role.")
                )
            if "structural_type" in vals and any(
                role.structural_type != vals["structural_type"] for role in self
            ):
                raise UserError(_("The structural roles of a circle are set by the system."))
        return super().write(vals)

    def action_print_description(self):
        self.check_access("read")
        return self.env.ref("coop_circles.action_report_role_description").report_action(self)

    @api.depends("assignment_ids.is_current", "assignment_ids.user_id")
    def _compute_current_user_ids(self):
        for role in self:
            role.current_user_ids = role.assignment_ids.filtered("is_current").user_id

    @api.ondelete(at_uninstall=False)
    def _unlink_except_structural(self):
        if any(role.structural_type for role in self):
            raise UserError(
                _(
                    "Structural roles belong to every circle and cannot be deleted; archive the circle instead."
                )
            )
