from odoo import Command, api, fields, models
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

    @api.model_create_multi
    def create(self, vals_list):
        slas = super().create(vals_list)
        Stage = self.env["helpdesk.ticket.stage"].sudo()
        for sla in slas:
            domain = [("coop_waiting_client", "=", True)]
            if sla.team_ids:
                domain += ["|", ("team_ids", "=", False), ("team_ids", "in", sla.team_ids.ids)]
            waiting = Stage.search(domain)
            if waiting - sla.ignore_stage_ids:
                sla.ignore_stage_ids = [Command.link(stage.id) for stage in waiting]
        return slas
