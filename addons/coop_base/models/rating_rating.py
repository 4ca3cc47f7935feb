from odoo import models


class RatingRating(models.Model):
    """A rating (the rated record's name, the customer, his comment, its token) is visible to
    the customer himself and to those who may read the rated record."""

    _name = "rating.rating"
    _inherit = ["rating.rating", "coop.access.scope"]

    _coop_scope_fnames = ("res_model", "res_id", "partner_id")
