from odoo import fields, models
from odoo.addons.coop_servicedesk.models.helpdesk_ticket import TELEGRAM_TEXT_MAX

# room left in one Telegram message for the answer, after the heading
ANSWER_MAX = TELEGRAM_TEXT_MAX - 300


class CoopUnionAppeal(models.Model):
    _inherit = "coop.union.appeal"

    coop_bridge_request_uid = fields.Char(
        string="Bot request",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="base.group_system",
        help="The Telegram bot's id of the request that filed this appeal: a retried request files "
        "no second appeal.",
    )
    coop_telegram_outbox_ids = fields.One2many(
        "coop.telegram.outbox", "coop_union_appeal_id", string="Telegram messages", readonly=True
    )

    _sql_constraints = [
        (
            "coop_bridge_request_uid_unique",
            "unique(coop_bridge_request_uid)",
            "A bot request files one appeal only.",
        ),
    ]

    def _coop_notify_applicant_telegram(self):
        """The answer goes to every Telegram chat linked to the applicant's contact, through the
        outbox the bridge drains (called by ``_coop_notify_applicant`` for an appeal that came by
        Telegram). Returns the appeals whose applicant has a linked chat: the others are told by
        e-mail."""
        told = self.browse()
        Link = self.env["coop.telegram.link"].sudo()
        Outbox = self.env["coop.telegram.outbox"].sudo()
        for appeal in self.sudo():
            # the contact the applicant is answered at: the appeal's own, else the member's
            partner = appeal.partner_id or appeal.member_id.partner_id
            if not partner:
                continue
            chats = set(
                Link.search([("partner_id", "=", partner.id), ("state", "=", "linked")]).mapped("chat_id")
            )
            if not chats:
                continue
            env = appeal.with_context(lang=partner.lang or self.env.user.lang or "en_US").env
            answer = (appeal.answer or "").strip()
            if len(answer) > ANSWER_MAX:
                answer = answer[: ANSWER_MAX - 1].rstrip() + "…"
            text = env._(
                "Answer to your appeal %(number)s «%(subject)s»:\n\n%(answer)s",
                number=appeal.name,
                subject=appeal.subject,
                answer=answer or env._("(the answer is in the letter sent to you)"),
            )
            for chat in sorted(chats):
                Outbox.create(
                    {
                        "chat_id": chat,
                        "text": text[:TELEGRAM_TEXT_MAX],
                        "partner_id": partner.id,
                        "kind": "notification",
                        "coop_union_appeal_id": appeal.id,
                    }
                )
            told |= appeal
        return told.with_env(self.env)
