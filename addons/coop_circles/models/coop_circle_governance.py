from odoo import fields, models


class CoopCircle(models.Model):
    _inherit = "coop.circle"

    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Calendar",
        help="Working days and public holidays of the circle: objection windows are counted in them. "
        "The company's calendar when empty.",
    )
