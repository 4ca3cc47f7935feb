from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    telegram_link_ids = fields.One2many("coop.telegram.link", "partner_id", string="Telegram links")
    coop_telegram_linked_count = fields.Integer(
        string="Linked Telegram chats", compute="_compute_coop_telegram_linked_count"
    )
    coop_open_ticket_count = fields.Integer(string="Open tickets", compute="_compute_coop_open_ticket_count")

    def _compute_coop_telegram_linked_count(self):
        data = (
            self.env["coop.telegram.link"]
            .sudo()
            ._read_group(
                [("partner_id", "in", self.ids), ("state", "=", "linked")],
                ["partner_id"],
                ["__count"],
            )
        )
        counts = {p.id: c for p, c in data}
        for partner in self:
            partner.coop_telegram_linked_count = counts.get(partner.id, 0)

    def _compute_coop_open_ticket_count(self):
        Ticket = self.env["helpdesk.ticket"]
        for partner in self:
            partner.coop_open_ticket_count = Ticket.search_count(
                [("commercial_partner_id", "=", partner.id), ("closed", "=", False)]
            )

    def action_issue_telegram_code(self):
        """Issue a one-time link code and email it to the partner."""
        self.ensure_one()
        link = self.env["coop.telegram.link"].issue_code(self)
        link.action_send_code_email()
        return {
            "type": "ir.actions.act_window",
            "res_model": "coop.telegram.link",
            "res_id": link.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_coop_service_report(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "coop.servicedesk.client.report",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.commercial_partner_id.id},
        }
