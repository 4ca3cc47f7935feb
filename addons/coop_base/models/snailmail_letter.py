from odoo import api, models

from .access_scope import document_check_access, document_search


class SnailmailLetter(models.Model):
    """A postal letter (the recipient's address, the printed document) is visible to its sender
    and to those who may read the document it was sent for."""

    _inherit = "snailmail.letter"

    _coop_doc_fnames = ("model", "res_id", "user_id")

    def _check_access(self, operation):
        result = super()._check_access(operation)
        return document_check_access(self, result, operation, self._coop_doc_fnames, self.env.uid)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset, limit, order)
        return document_search(self, query, self._coop_doc_fnames, self.env.uid)
