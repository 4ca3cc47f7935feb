from odoo import api, fields, models

from ..models.coop_document_journal import PRIORITIES


class CoopDocumentResolutionWizard(models.TransientModel):
    """The resolution the chairman (or the delegated deputy) writes on an incoming document."""

    _name = "coop.document.resolution.wizard"
    _description = "Write a Resolution"

    document_id = fields.Many2one("coop.document", required=True, ondelete="cascade")
    text = fields.Text(string="Resolution", required=True)
    date = fields.Date(default=fields.Date.context_today, readonly=True)
    deadline = fields.Date()
    priority = fields.Selection(PRIORITIES, default="0", required=True)
    mode = fields.Selection(
        [("executors", "Executors"), ("deputy", "Deputy chairman")],
        string="Handled By",
        default="executors",
        required=True,
    )
    executor_ids = fields.Many2many("res.users", string="Executors", domain="[('share', '=', False)]")
    office_deputy_ids = fields.Many2many(related="document_id.office_id.deputy_ids", string="Deputies of the Office")
    deputy_id = fields.Many2one(
        "res.users",
        string="Deputy Chairman",
        domain="[('id', 'in', office_deputy_ids)]",
    )
    can_delegate = fields.Boolean(compute="_compute_can_delegate")

    @api.depends_context("uid")
    @api.depends("document_id")
    def _compute_can_delegate(self):
        for wizard in self:
            wizard.can_delegate = wizard.document_id.sudo().office_id.chairman_id == self.env.user

    def action_confirm(self):
        self.ensure_one()
        self.check_access("read")
        self.document_id._add_resolution(
            self.text,
            deadline=self.deadline,
            priority=self.priority,
            executors=self.executor_ids if self.mode == "executors" else None,
            deputy=self.deputy_id if self.mode == "deputy" else None,
        )
        return {"type": "ir.actions.act_window_close"}
