from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    telegram_link_ids = fields.One2many("coop.telegram.link", "partner_id", string="Telegram links")

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
