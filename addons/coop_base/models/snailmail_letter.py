from odoo import api, models


class SnailmailLetter(models.Model):
    """A postal letter (the recipient's address, the printed document) is visible to its sender
    and to those who may read the document it was sent for."""

    _name = "snailmail.letter"
    _inherit = ["snailmail.letter", "coop.access.scope"]

    _coop_scope_fnames = ("model", "res_id", "user_id")

    @api.model
    def _coop_scope_owner(self):
        return self.env.uid
