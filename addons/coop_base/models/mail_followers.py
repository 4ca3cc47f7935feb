from collections import defaultdict

from odoo import api, models

from .access_scope import allowed_doc_ids, merge_forbidden, search_filtered


class MailFollowers(models.Model):
    """A follower row (its partner's name and email) is visible to the partner himself and to
    those who may read the followed record: the chatter's follower list keeps working, the
    followers of records a user cannot open stay hidden."""

    _inherit = "mail.followers"

    _coop_scope_fnames = ["res_model", "res_id", "partner_id"]

    @api.model
    def _coop_allowed_rows(self, rows):
        """``rows``: (id, res_model, res_id, partner_id); return the ids the user may read."""
        pid = self.env.user.partner_id.id
        allowed = set()
        by_doc = defaultdict(lambda: defaultdict(list))
        for follower_id, res_model, res_id, partner_id in rows:
            if partner_id == pid:
                allowed.add(follower_id)
            elif res_model and res_id:
                by_doc[res_model][res_id].append(follower_id)
        for res_model, followers_by_id in by_doc.items():
            for res_id in allowed_doc_ids(self.env, res_model, list(followers_by_id), "read"):
                allowed.update(followers_by_id[res_id])
        return allowed

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if operation != "read" or not self or self.env.su:
            return result
        followers = self - result[0] if result else self
        if not followers:
            return result
        rows = followers.sudo().read(self._coop_scope_fnames, load=False)
        allowed = self._coop_allowed_rows(
            [(row["id"], row["res_model"], row["res_id"], row["partner_id"]) for row in rows]
        )
        forbidden = followers.filtered(lambda follower: follower.id not in allowed)
        return merge_forbidden(self, result, forbidden, operation)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset, limit, order)
        if self.env.su:
            return query
        return search_filtered(
            self, query, self._coop_scope_fnames, lambda rows: self._coop_allowed_rows(rows)
        )
