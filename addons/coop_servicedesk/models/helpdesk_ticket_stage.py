from odoo import Command, api, fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    coop_notify_requester = fields.Boolean(
        string="Notify the requester",
        help="When a ticket enters this stage its requester is told by email and, "
        "for a linked Telegram account, by Telegram.",
    )
    coop_waiting_client = fields.Boolean(
        string="Waiting for the client",
        help="The team waits for the requester's answer: the SLA clock of the ticket stops "
        "(the stage is ignored by the SLAs of its teams), and when the requester answers "
        "(e-mail, portal or Telegram) the ticket returns to the stage it came from.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        stages = super().create(vals_list)
        stages.filtered("coop_waiting_client")._coop_sync_sla_pause()
        return stages

    def write(self, vals):
        res = super().write(vals)
        if "coop_waiting_client" in vals or "team_ids" in vals:
            self._coop_sync_sla_pause()
        return res

    def _coop_sla_domain(self):
        self.ensure_one()
        if not self.team_ids:
            return []
        return ["|", ("team_ids", "=", False), ("team_ids", "in", self.team_ids.ids)]

    def _coop_sync_sla_pause(self):
        """A waiting stage is an ignored stage (helpdesk_mgmt_sla) of the SLAs of its teams."""
        Sla = self.env["helpdesk.sla"].sudo().with_context(active_test=False)
        for stage in self:
            if stage.coop_waiting_client:
                Sla.search(stage._coop_sla_domain()).write({"ignore_stage_ids": [Command.link(stage.id)]})
            else:
                Sla.search([("ignore_stage_ids", "in", stage.ids)]).write(
                    {"ignore_stage_ids": [Command.unlink(stage.id)]}
                )
