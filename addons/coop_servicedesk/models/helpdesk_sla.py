from odoo import fields, models

PRIORITIES = [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")]


class HelpdeskSla(models.Model):
    _inherit = "helpdesk.sla"

    coop_kind = fields.Selection(
        [("take", "Take into work"), ("resolve", "Resolve")],
        string="Measures",
        default="resolve",
        required=True,
        help="Take into work: time until the ticket leaves its first stage. "
        "Resolve: time until it is done.",
    )
    coop_priority = fields.Selection(
        PRIORITIES, string="Priority", help="Applies to tickets of this priority only."
    )
