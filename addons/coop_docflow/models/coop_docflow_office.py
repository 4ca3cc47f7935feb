from odoo import api, fields, models
from odoo.exceptions import ValidationError


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
    active = fields.Boolean(default=True)
    parent_id = fields.Many2one(
        "coop.docflow.office", string="Parent Office", index=True, ondelete="restrict", tracking=True
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("coop.docflow.office", "parent_id", string="Child Offices")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    chairman_id = fields.Many2one("res.users", string="Chairman", tracking=True)
    deputy_ids = fields.Many2many(
        "res.users", "coop_docflow_office_deputy_rel", "office_id", "user_id", string="Deputy Chairmen"
    )
    secretary_ids = fields.Many2many(
        "res.users", "coop_docflow_office_secretary_rel", "office_id", "user_id", string="Secretaries"
    )
    executor_ids = fields.Many2many(
        "res.users", "coop_docflow_office_executor_rel", "office_id", "user_id", string="Executors"
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        default=lambda self: self.env.company.resource_calendar_id,
        help="Deadlines of the office (control dates, appeal answers) count its working days.",
    )

    _sql_constraints = [("code_unique", "unique(code)", "The office code must be unique.")]

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for office in self:
            if office.parent_id:
                office.complete_name = f"{office.parent_id.complete_name} / {office.name}"
            else:
                office.complete_name = office.name

    @api.constrains("parent_id")
    def _check_parent(self):
        if self._has_cycle():
            raise ValidationError(self.env._("Offices cannot form a cycle."))
