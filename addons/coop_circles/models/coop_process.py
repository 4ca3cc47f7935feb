from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools.access import check_manages


class CoopProcess(models.Model):
    _name = "coop.process"
    _description = "Process Specification"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _parent_store = True
    _order = "parent_path, sequence, name"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(tracking=True, help="Number of the process on the process map, e.g. 2.1.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    description = fields.Text(string="Short Description", tracking=True)
    circle_id = fields.Many2one("coop.circle", required=True, index=True, tracking=True)
    parent_id = fields.Many2one(
        "coop.process", string="Parent Process", index=True, ondelete="restrict", tracking=True
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("coop.process", "parent_id", string="Sub-processes")
    level = fields.Integer(compute="_compute_level", store=True, recursive=True)
    clients = fields.Text(help="Who receives the results of the process.", tracking=True)
    goals = fields.Text(tracking=True)
    results = fields.Text(tracking=True)
    resources = fields.Text(tracking=True)
    suppliers = fields.Text(help="Who provides the process inputs.", tracking=True)
    kpi_ids = fields.One2many("coop.process.kpi", "process_id", string="KPIs", copy=True)
    owner_role_id = fields.Many2one(
        "coop.role",
        string="Owner Role",
        tracking=True,
        help="The role accountable for the process and for improving it.",
    )
    executor_role_ids = fields.Many2many(
        "coop.role",
        "coop_process_executor_role_rel",
        "process_id",
        "role_id",
        string="Executor Roles",
    )

    @api.depends("parent_id.level")
    def _compute_level(self):
        for rec in self:
            rec.level = rec.parent_id.level + 1 if rec.parent_id else 1

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(_("A process cannot be its own parent process."))

    def write(self, vals):
        if vals.get("circle_id") and any(rec.circle_id.id != vals["circle_id"] for rec in self):
            self.check_access("write")
            check_manages(self.env["coop.circle"].browse(vals["circle_id"]))
        if vals.get("parent_id"):
            parent = self.browse(vals["parent_id"])
            if parent in self.with_context(active_test=False).search([("id", "child_of", self.ids)]):
                raise ValidationError(
                    _(
                        "Process %(parent)s is part of %(process)s: it cannot become its parent.",
                        parent=parent.name,
                        process=self[:1].name,
                    )
                )
        return super().write(vals)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for rec in self:
            rec.display_name = f"{rec.code} {rec.name}" if rec.code else rec.name
