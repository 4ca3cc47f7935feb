from odoo import fields, models


class ProjectTask(models.Model):
    _inherit = "project.task"

    coop_circle_id = fields.Many2one(
        "coop.circle",
        string="Producing Circle",
        related="project_id.coop_circle_id",
        store=True,
        index=True,
    )
