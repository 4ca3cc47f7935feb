from odoo import fields, models
from odoo.addons.coop_base.tools import selection_of


class HelpdeskSla(models.Model):
    _inherit = "helpdesk.sla"

    coop_kind = fields.Selection(
        [("take", "Take into work"), ("resolve", "Resolve")], string="Measures", default="resolve", required=True,
        help="Take into work: time until the ticket leaves its first stage. Resolve: time until it is done.",
    )
    coop_priority = fields.Selection(
        selection_of("helpdesk.ticket", "priority"), string="Priority",
        help="Applies to tickets of this priority only.",
    )
