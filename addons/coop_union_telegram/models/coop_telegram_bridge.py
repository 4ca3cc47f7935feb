"""The bridge's facade, for union members: who the chat's contact is in the union, and the appeal
filed through the bot.

As everywhere in ``coop.telegram.bridge``, every public method checks that the caller is the
bridge (group ``group_telegram_bridge``) before any sudo, and works strictly for the contact
linked to the given chat: the appeal is filed for his membership, in his organisation.
"""

from odoo import api, models
from odoo.exceptions import UserError

MAX_UID = 128
SUBJECT_MAX = 120


class CoopTelegramBridge(models.AbstractModel):
    _inherit = "coop.telegram.bridge"

    @api.model
    def _coop_union_member(self, partner):
        """The current membership of ``partner`` (the latest one joined), or an empty record."""
        if not partner:
            return self.env["coop.union.member"].sudo().browse()
        return (
            self.env["coop.union.member"]
            .sudo()
            .search(
                [("partner_id", "=", partner.id), ("state", "=", "member")],
                order="join_date desc, id desc",
                limit=1,
            )
        )

    @api.model
    def _coop_union_info(self, partner):
        """What the bot is told about a union member (nothing for anyone else: the service desk's
        answers stay as they are)."""
        member = self._coop_union_member(partner)
        if not member:
            return {}
        return {
            "union_member": True,
            "union_organization": member.organization_id.with_context(lang=partner.lang or "en_US").name,
        }

    @api.model
    def chat_info(self, chat_id):
        res = super().chat_info(chat_id)  # checks the caller is the bridge
        res.update(self._coop_union_info(self._linked_partner(self._chat(chat_id))))
        return res

    @api.model
    def link_chat(self, chat_id, code, username=False):
        res = super().link_chat(chat_id, code, username=username)  # checks the caller is the bridge
        if res.get("ok"):
            res.update(self._coop_union_info(self._linked_partner(self._chat(chat_id))))
        return res

    @api.model
    def create_appeal(self, chat_id, subject, text, consent, request_uid):
        """File an appeal of the member linked to the chat, in his organisation, channel Telegram.

        ``consent``: the member agreed to the processing of his personal data (the bot asks).
        ``request_uid`` (the bot's id of the request) makes a retry return the appeal already
        filed. Returns ``{"ok": True, "id", "number", "subject"}`` or ``{"ok": False, "error"}``
        (a translated message the bot shows); nothing is created on an error."""
        self._check_bridge()
        chat = self._chat(chat_id)
        partner = self._linked_partner(chat)
        if not partner:
            return {"ok": False, "error": self.env._("Link your Telegram account first.")}
        me = self._env_for(partner)
        uid = str(request_uid or "").strip()
        if not uid or len(uid) > MAX_UID:
            return {"ok": False, "error": me.env._("A request id is required.")}
        Appeal = me.env["coop.union.appeal"].with_context(active_test=False)
        existing = Appeal.search([("coop_bridge_request_uid", "=", uid)], limit=1)
        if existing:
            if partner not in existing.partner_id | existing.member_id.partner_id:
                return {"ok": False, "error": me.env._("This request id is taken.")}
            return {"ok": True, "id": existing.id, "number": existing.name, "subject": existing.subject}
        member = self._coop_union_member(partner)
        if not member:
            return {
                "ok": False,
                "error": me.env._(
                    "Appeals through the bot are taken from union members: the contact linked to this "
                    "chat is not a member."
                ),
            }
        subject = " ".join(str(subject or "").split())
        if not subject:
            return {"ok": False, "error": me.env._("Give the appeal a subject.")}
        if len(subject) > SUBJECT_MAX:
            return {
                "ok": False,
                "error": me.env._("The subject is too long (%(max)s characters at most).", max=SUBJECT_MAX),
            }
        vals = {
            "subject": subject,
            "text": str(text or ""),
            "member_id": member.id,
            "organization_id": member.organization_id.id,
            # only a literal true is the member's consent (the bot sends it after his "yes")
            "consent": consent is True,
        }
        try:
            with self.env.cr.savepoint():
                # the union's one entry for appeals that arrive by themselves: consent, text,
                # organisation checked there; channel, consent date and responsible set there
                appeal = Appeal._coop_create_from_channel(vals, "telegram")
                appeal.sudo().coop_bridge_request_uid = uid
        except UserError as exc:
            return {"ok": False, "error": exc.args[0]}
        return {"ok": True, "id": appeal.id, "number": appeal.name, "subject": appeal.subject}
