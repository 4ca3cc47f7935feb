from odoo import Command, api, models


class HelpdeskTicketMerge(models.TransientModel):
    """OCA helpdesk_mgmt_merge, for the agents of the teams: the caller must be able to
    change every ticket merged; the Telegram conversation and the notifications of the
    merged tickets follow the surviving one."""

    _inherit = "helpdesk.ticket.merge"

    def merge_tickets(self):
        self.ensure_one()
        # every ticket of the wizard, also those the caller's record rules hide from a
        # many2many read (they would be merged in sudo below), is checked as the caller
        wizard = self.sudo().with_context(active_test=False)
        tickets = wizard.ticket_ids | wizard.dst_ticket_id
        tickets.with_env(self.env).check_access("write")
        if wizard.create_new_ticket and wizard.dst_helpdesk_team_id:
            wizard.dst_helpdesk_team_id.with_env(self.env).check_access("read")
        # checked as the caller; the messages of others move with the tickets
        action = super(HelpdeskTicketMerge, self.sudo()).merge_tickets()
        survivor = wizard.dst_ticket_id
        merged = tickets - survivor
        merged.write({"coop_merged_into_id": survivor.id})
        # what waits for Telegram about a merged ticket now speaks of the survivor
        self.env["coop.telegram.outbox"].sudo().search(
            [("ticket_id", "in", merged.ids), ("state", "in", ("pending", "sending"))]
        ).write({"ticket_id": survivor.id})
        # the requesters of the merged tickets hear about the survivor
        survivor.sudo().message_subscribe(partner_ids=(merged.partner_id - survivor.partner_id).ids)
        return action

    @api.model
    def _coop_merge_tickets(self, ticket_ids, survivor_id):
        """Merge ``ticket_ids`` into ``survivor_id`` as the wizard does (demo data)."""
        tickets = self.env["helpdesk.ticket"].browse(ticket_ids)
        wizard = self.with_context(active_ids=tickets.ids, active_model="helpdesk.ticket").create(
            {"ticket_ids": [Command.set(tickets.ids)], "dst_ticket_id": survivor_id}
        )
        return wizard.merge_tickets()
