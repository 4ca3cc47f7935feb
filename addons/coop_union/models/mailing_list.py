from odoo import fields, models


class MailingList(models.Model):
    _name = "mailing.list"
    _inherit = ["mailing.list", "coop.union.mailing.owned"]

    coop_double_optin = fields.Boolean(
        string="Double Opt-in",
        help="A person added to the list (by the staff or on the public subscription page) receives an e-mail "
        "with a link to confirm the subscription; until he confirms, the list's mailings do not reach him.",
    )

    def _coop_public_subscribe(self, name, email):
        """Subscribe ``email`` on the public page: a new contact, or the existing one with this
        address; the subscription waits for the person's confirmation. Someone who unsubscribed
        comes back only by confirming again; a confirmed subscription is left as it is."""
        self.ensure_one()
        Contact = self.env["mailing.contact"].sudo()
        contact = Contact.search([("email_normalized", "=", email)], limit=1)
        if not contact:
            contact = Contact.create({"name": name, "email": email})
        Sub = self.env["mailing.subscription"].sudo()
        sub = Sub.search([("contact_id", "=", contact.id), ("list_id", "=", self.id)], limit=1)
        if not sub:
            return Sub.create({"contact_id": contact.id, "list_id": self.id})
        if sub.opt_out:
            sub.write({"opt_out": False, "coop_confirmed_date": False, "coop_confirmation_sent": False})
            sub._coop_request_confirmation()
        return sub
