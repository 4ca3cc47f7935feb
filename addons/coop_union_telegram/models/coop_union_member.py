from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_datetime


class CoopUnionMember(models.Model):
    _inherit = "coop.union.member"

    coop_telegram_linked = fields.Boolean(
        string="Telegram linked",
        compute="_compute_coop_telegram_linked",
        help="The member's contact has a Telegram chat linked to the bot: he may file appeals there "
        "and is answered there.",
    )

    def _compute_coop_telegram_linked(self):
        linked = set(
            self.env["coop.telegram.link"]
            .sudo()
            .search([("partner_id", "in", self.partner_id.ids), ("state", "=", "linked")])
            .mapped("partner_id")
            .ids
        )
        for member in self:
            member.coop_telegram_linked = member.partner_id.id in linked

    def action_coop_telegram_code(self):
        """Send the member a one-time code linking his Telegram chat to his contact: by e-mail,
        or by SMS when he has no e-mail address. The staff who may edit the member (his
        organisation's subtree, the federation) may send it; nobody sees the code but the member."""
        self.ensure_one()
        self.check_access("write")
        member = self.sudo()
        if member.state != "member" or not member.active:
            raise UserError(self.env._("%s is no longer a union member.", member.name))
        partner = member.partner_id
        Link = self.env["coop.telegram.link"].sudo()
        wait = Link._reissue_wait(partner)
        if wait:
            raise UserError(
                self.env._(
                    "A code was sent to %(member)s a moment ago. Wait %(seconds)s s before sending a new one.",
                    member=member.name,
                    seconds=wait,
                )
            )
        if partner.email:
            link = Link.issue_code(partner)
            template = self.env.ref("coop_union_telegram.mail_template_member_telegram_code").sudo()
            template.send_mail(link.id, force_send=False)
            where = partner.email
        elif member.sms_valid:
            link = Link.issue_code(partner)
            env = self.with_context(lang=partner.lang or self.env.user.lang or "en_US").env
            body = env._(
                "Your code for the union's Telegram bot: %(code)s. Send it to the bot: /link %(code)s "
                "(valid until %(until)s).",
                code=link.code,
                until=format_datetime(
                    env, link.expires_at, tz=partner.tz or self.env.user.tz, dt_format="short"
                ),
            )
            self.env["sms.sms"].sudo().create(
                {"number": member.sms_number, "partner_id": partner.id, "body": body}
            )
            where = member.sms_number
        else:
            raise UserError(
                self.env._(
                    "%s has neither an e-mail address nor a mobile number to send the code to.", member.name
                )
            )
        member.message_post(body=self.env._("A Telegram link code was sent to %s.", where))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "A Telegram link code was sent to %(member)s (%(where)s).",
                    member=member.name,
                    where=where,
                ),
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
