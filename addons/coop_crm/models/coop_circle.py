from odoo import fields, models


class CoopCircle(models.Model):
    _inherit = "coop.circle"

    coop_team_ids = fields.One2many("crm.team", "coop_circle_id", string="Sales Directions")
