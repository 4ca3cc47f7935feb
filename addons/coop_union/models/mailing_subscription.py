import logging

from odoo import api, fields, models, tools
from odoo.tools import consteq

_logger = logging.getLogger(__name__)

TOKEN_SCOPE = "coop_union-mailing-confirm"


class MailingSubscription(models.Model):
    _inherit = "mailing.subscription"

    coop_confirmation_sent = fields.Datetime(string="Confirmation Requested", readonly=True, copy=False)
    coop_confirmed_date = fields.Datetime(string="Confirmed", readonly=True, copy=False)
    coop_state = fields.Selection(
        [("confirmed", "Receives Mailings"), ("pending", "Awaiting Confirmation"), ("opt_out", "Unsubscribed")],
        string="Subscription",
        compute="_compute_coop_state",
    )

    @api.depends("opt_out", "coop_confirmed_date", "coop_confirmation_sent", "list_id.coop_double_optin")
    def _compute_coop_state(self):
        for sub in self:
            if sub.opt_out:
                sub.coop_state = "opt_out"
            elif not sub.coop_confirmed_date and (sub.list_id.coop_double_optin or sub.coop_confirmation_sent):
                sub.coop_state = "pending"
            else:
                sub.coop_state = "confirmed"

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # the confirmation is the person's own act, never the staff's
            vals_list = [
                {k: v for k, v in vals.items() if k not in ("coop_confirmed_date", "coop_confirmation_sent")}
                for vals in vals_list
            ]
        subs = super().create(vals_list)
        subs._coop_request_confirmation()
        return subs

    def write(self, vals):
        resubscribed = self.browse()
        if not self.env.su:
            vals = {k: v for k, v in vals.items() if k not in ("coop_confirmed_date", "coop_confirmation_sent")}
            if "opt_out" in vals and not vals["opt_out"]:
                # someone who unsubscribed comes back only by confirming again
                resubscribed = self.filtered(lambda s: s.opt_out and s.list_id.coop_double_optin)
            if "list_id" in vals or "contact_id" in vals:
                # a confirmation is for one person and one list
                resubscribed = self
        res = super().write(vals)
        if resubscribed:
            resubscribed._coop_reset_confirmation()
        return res

    def _coop_reset_confirmation(self):
        """Ask again for a confirmation the person gave for another address, list or time."""
        subs = self.sudo().filtered(lambda s: s.list_id.coop_double_optin)
        subs.write({"coop_confirmed_date": False, "coop_confirmation_sent": False})
        return subs._coop_request_confirmation()

    # ------------------------------------------------------------------ double opt-in
    def _coop_token(self):
        self.ensure_one()
        sub = self.sudo()
        return tools.hmac(
            self.env(su=True), TOKEN_SCOPE, (sub.id, sub.list_id.id, sub.contact_id.email_normalized or "")
        )

    def _coop_check_token(self, token):
        self.ensure_one()
        return bool(token) and consteq(self._coop_token(), str(token))

    def _coop_confirm_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/coop/mailing/confirm/{self.id}/{self._coop_token()}"

    def _coop_request_confirmation(self):
        """Send the confirmation e-mail of the subscriptions to double opt-in lists that wait
        for it (once per subscription)."""
        subs = (
            self.sudo()
            .exists()
            .filtered(
                lambda s: s.list_id.coop_double_optin
                and not s.opt_out
                and not s.coop_confirmed_date
                and not s.coop_confirmation_sent
                and s.contact_id.email_normalized
            )
        )
        if not subs:
            return subs
        template = self.env.ref("coop_union.mail_template_mailing_confirm")
        for sub in subs:
            template.sudo().send_mail(sub.id, email_layout_xmlid="mail.mail_notification_light")
        subs.write({"coop_confirmation_sent": fields.Datetime.now()})
        return subs

    def _coop_confirm(self, token):
        """Confirm the subscription with the signed link of its e-mail. Returns 'confirmed',
        'done' (already confirmed or unsubscribed since: nothing changes) or 'invalid'."""
        self.ensure_one()
        sub = self.sudo()
        if not sub.exists() or not sub._coop_check_token(token):
            return "invalid"
        if sub.opt_out or sub.coop_confirmed_date:
            return "done"
        sub.write({"coop_confirmed_date": fields.Datetime.now()})
        _logger.info("Mailing list subscription %s confirmed", sub.id)
        return "confirmed"
