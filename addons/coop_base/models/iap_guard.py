"""Odoo's online services (IAP) stay silent until an administrator turns them on.

Lead enrichment sends the e-mail domains of leads, company autocomplete the names, VAT numbers
and domains typed in contact forms, to Odoo's servers (and, for VAT numbers, to the EU VIES
service). The cooperative keeps its clients under NDA: both are off unless a setting says so.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools import param_bool

PARAM_AUTOCOMPLETE = "coop_base.iap_partner_autocomplete"
PARAM_LEAD_ENRICH = "coop_base.iap_lead_enrich"


def iap_enabled(env, param):
    return param_bool(env, param)


def check_internal(env):
    """Autocomplete spends the company's credits and answers with company data: staff only."""
    if not env.su and not env.user._is_internal():
        raise AccessError(env._("Company autocomplete is available to the staff only."))


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    coop_iap_partner_autocomplete = fields.Boolean(
        string="Company Autocomplete (Odoo online service)",
        config_parameter=PARAM_AUTOCOMPLETE,
        help="Send company names, VAT numbers and domains typed in contact forms to Odoo's "
        "autocomplete service (and VAT numbers to the EU VIES service) to fill in company data.",
    )
    coop_iap_lead_enrich = fields.Boolean(
        string="Lead Enrichment (Odoo online service)",
        config_parameter=PARAM_LEAD_ENRICH,
        help="Send the e-mail domains of leads to Odoo's enrichment service to fill in company data.",
    )


class IapEnrichApi(models.AbstractModel):
    _inherit = "iap.enrich.api"

    @api.model
    def _contact_iap(self, local_endpoint, params):
        if not iap_enabled(self.env, PARAM_LEAD_ENRICH):
            raise UserError(
                self.env._(
                    "Lead enrichment by Odoo's online service is off: an administrator turns it on in Settings."
                )
            )
        return super()._contact_iap(local_endpoint, params)


class IapAutocompleteApi(models.AbstractModel):
    _inherit = "iap.autocomplete.api"

    @api.model
    def _contact_iap(self, local_endpoint, action, params, timeout=15):
        if not iap_enabled(self.env, PARAM_AUTOCOMPLETE):
            raise UserError(
                self.env._(
                    "Company autocomplete by Odoo's online service is off: an administrator turns it on in Settings."
                )
            )
        return super()._contact_iap(local_endpoint, action, params, timeout=timeout)

    @api.model
    def _request_partner_autocomplete(self, action, params, timeout=15):
        check_internal(self.env)
        # Off: answer "no data" at once, without a warning in the log at every keystroke.
        if not iap_enabled(self.env, PARAM_AUTOCOMPLETE):
            return False, self.env._(
                "Company autocomplete by Odoo's online service is off: an administrator turns it on in Settings."
            )
        return super()._request_partner_autocomplete(action, params, timeout=timeout)


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def autocomplete_by_vat(self, vat, query_country_id, timeout=15):
        check_internal(self.env)
        # Without the service, the stock method falls back to the EU VIES service: not that either.
        if not iap_enabled(self.env, PARAM_AUTOCOMPLETE):
            return []
        return super().autocomplete_by_vat(vat, query_country_id, timeout=timeout)
