from odoo import api, models

from .access_scope import document_check_access, document_search


class RatingRating(models.Model):
    """A rating (the rated record's name, the customer, his comment, its token) is visible to
    the customer himself and to those who may read the rated record."""

    _inherit = "rating.rating"

    _coop_doc_fnames = ("res_model", "res_id", "partner_id")

    def _check_access(self, operation):
        result = super()._check_access(operation)
        return document_check_access(self, result, operation, self._coop_doc_fnames, self.env.user.partner_id.id)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset, limit, order)
        return document_search(self, query, self._coop_doc_fnames, self.env.user.partner_id.id)
