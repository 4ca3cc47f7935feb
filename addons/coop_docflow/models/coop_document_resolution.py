from odoo import fields, models

from .coop_document_journal import PRIORITIES


class CoopDocumentResolution(models.Model):
    """Resolution of the chairman or the deputy on an incoming document."""

    _name = "coop.document.resolution"
    _description = "Document Resolution"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    document_id = fields.Many2one(
        "coop.document", required=True, ondelete="cascade", index=True, readonly=True
    )
    author_id = fields.Many2one("res.users", string="Author", required=True, readonly=True)
    date = fields.Date(default=fields.Date.context_today, required=True, readonly=True)
    text = fields.Text(required=True, readonly=True)
    deadline = fields.Date(readonly=True)
    priority = fields.Selection(PRIORITIES, default="0", readonly=True)
    executor_ids = fields.Many2many(
        "res.users",
        "coop_document_resolution_executor_rel",
        "resolution_id",
        "user_id",
        string="Executors",
        readonly=True,
    )
    deputy_id = fields.Many2one(
        "res.users",
        string="Delegated To",
        readonly=True,
        help="Deputy chairman who names the executors.",
    )
    assignment_ids = fields.One2many("coop.document.assignment", "resolution_id", readonly=True)

    def _compute_display_name(self):
        for resolution in self:
            resolution.display_name = "%s, %s" % (
                resolution.author_id.name or "",
                fields.Date.to_string(resolution.date) if resolution.date else "",
            )
