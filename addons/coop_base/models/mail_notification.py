from odoo import api, models

from .access_scope import merge_forbidden, search_filtered


class MailNotification(models.Model):
    """A notification (its recipient, its message) is visible to its recipient, to the author
    of the message (delivery failures) and, for internal users, to those who may read the
    message itself (the chatter shows its delivery status). Portal users see only the
    notifications addressed to them."""

    _inherit = "mail.notification"

    _coop_scope_fnames = ["res_partner_id", "author_id", "mail_message_id"]

    @api.model
    def _coop_allowed_rows(self, rows):
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

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if operation != "read" or not self or self.env.su:
            return result
        notifications = self - result[0] if result else self
        if not notifications:
            return result
        rows = notifications.sudo().read(self._coop_scope_fnames, load=False)
        allowed = self._coop_allowed_rows(
            [(row["id"], row["res_partner_id"], row["author_id"], row["mail_message_id"]) for row in rows]
        )
        forbidden = notifications.filtered(lambda notif: notif.id not in allowed)
        return merge_forbidden(self, result, forbidden, operation)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset, limit, order)
        if self.env.su:
            return query
        return search_filtered(
            self, query, self._coop_scope_fnames, lambda rows: self._coop_allowed_rows(rows)
        )
