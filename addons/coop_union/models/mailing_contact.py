from odoo import api, models


class MailingContact(models.Model):
    _inherit = "mailing.contact"

    @api.model_create_multi
    def create(self, vals_list):
        contacts = super().create(vals_list)
        contacts.subscription_ids._coop_request_confirmation()
        return contacts

    def write(self, vals):
        res = super().write(vals)
        if "list_ids" in vals or "subscription_ids" in vals or "email" in vals:
            self.subscription_ids._coop_request_confirmation()
        return res
