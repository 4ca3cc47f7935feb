from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_telegram_link_ids = fields.One2many("coop.telegram.link", "partner_id", string="Telegram links")
    coop_telegram_linked_count = fields.Integer(
        string="Linked Telegram chats", compute="_compute_coop_telegram_linked_count"
    )

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

    def action_issue_telegram_code(self):
        """Issue a one-time link code and email it to the partner.

        A person may ask for himself; a service desk agent for a contact he can read.
        A new code is not issued while the last one is fresh: repeated clicks (or
        calls) do not void the code the person is about to use."""
        self.ensure_one()
        user = self.env.user
        if not self.env.su and self != user.partner_id:
            if not user.has_group("helpdesk_mgmt.group_helpdesk_user_own"):
                raise AccessError(self.env._("You may not issue Telegram codes for other people."))
            self.check_access("read")
        Link = self.env["coop.telegram.link"]
        wait = Link._reissue_wait(self)
        if wait:
            raise UserError(
                self.env._(
                    "A code was sent to %(partner)s a moment ago. "
                    "Wait %(seconds)s s before sending a new one.",
                    partner=self.display_name,
                    seconds=wait,
                )
            )
        if not self.sudo().email:
            raise UserError(
                self.env._("%(partner)s has no email address to send the code to.", partner=self.display_name)
            )
        link = Link.issue_code(self)
        link._send_code_email()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("A Telegram link code was emailed to %s.", self.display_name),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_coop_service_report(self):
        self.ensure_one()
        self.check_access("read")
        return self.env["coop.servicedesk.client.report"]._get_records_action(
            target="new", context={"default_partner_id": self.commercial_partner_id.id}
        )
