from odoo import fields, models
from odoo.addons.coop_circles.tools.access import check_no_server_fields


class ProjectTask(models.Model):
    _inherit = "project.task"

    coop_circle_id = fields.Many2one(
        "coop.circle",
        string="Producing Circle",
        related="project_id.coop_circle_id",
        store=True,
        index=True,
    )

    def write(self, vals):
        check_no_server_fields(self, vals, ["coop_circle_id"])
        return super().write(vals)
