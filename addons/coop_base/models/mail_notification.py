from odoo import api, models


class MailNotification(models.Model):
    """A notification (its recipient, its message) is visible to its recipient, to the author
    of the message (delivery failures) and, for internal users, to those who may read the
    message itself (the chatter shows its delivery status). Portal users see only the
    notifications addressed to them."""

    _name = "mail.notification"
    _inherit = ["mail.notification", "coop.access.scope"]

    _coop_scope_fnames = ("res_partner_id", "author_id", "mail_message_id")
    _coop_scope_operations = ("read",)

    @api.model
    def _coop_allowed_rows(self, rows, operation="read"):
        """``rows``: (id, res_partner_id, author_id, mail_message_id); return the readable ids."""
        pid = self.env.user.partner_id.id
        internal = self.env.user._is_internal()
        allowed = set()
        by_message = {}
        for notif_id, partner_id, author_id, message_id in rows:
            if partner_id == pid or (internal and author_id == pid):
                allowed.add(notif_id)
            elif internal and message_id:
                by_message.setdefault(message_id, []).append(notif_id)
        if by_message:
            messages = self.env["mail.message"].browse(list(by_message)).exists()
            for message in messages._filtered_access("read"):
                allowed.update(by_message[message.id])
        return allowed
