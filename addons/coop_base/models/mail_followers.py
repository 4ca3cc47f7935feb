from odoo import models


class MailFollowers(models.Model):
    """A follower row (its partner's name and email) is visible to the partner himself and to
    those who may read the followed record: the chatter's follower list keeps working, the
    followers of records a user cannot open stay hidden."""

    _name = "mail.followers"
    _inherit = ["mail.followers", "coop.access.scope"]

    _coop_scope_fnames = ("res_model", "res_id", "partner_id")
    _coop_scope_operations = ("read",)
