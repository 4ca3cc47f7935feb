from odoo import api, models


class MailingContact(models.Model):
    _inherit = "mailing.contact"

    def _coop_subscriptions(self):
        # subscriptions given as list_ids are written as many2many rows, not through
        # mailing.subscription's create: read them afresh
        self.invalidate_recordset(["subscription_ids", "list_ids"])
        return self.env["mailing.subscription"].sudo().search([("contact_id", "in", self.ids)])

    @api.model_create_multi
    def create(self, vals_list):
        contacts = super().create(vals_list)
        contacts._coop_subscriptions()._coop_request_confirmation()
        return contacts

    def write(self, vals):
        res = super().write(vals)
        if "email" in vals and not self.env.su:
            # a new address confirms for itself
            self._coop_subscriptions().filtered(lambda s: not s.opt_out)._coop_reset_confirmation()
        elif "list_ids" in vals or "subscription_ids" in vals:
            self._coop_subscriptions()._coop_request_confirmation()
        return res
