from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import ru_requisites


class ResBank(models.Model):
    _inherit = "res.bank"

    coop_corr_account = fields.Char(
        string="Correspondent Account",
        help="The bank's 20-digit correspondent account with the Bank of Russia (30101...).",
    )

    @api.constrains("bic", "coop_corr_account", "country")
    def _check_coop_ru_bank(self):
        for bank in self:
            is_ru = bank.country.code == "RU" or bank.coop_corr_account
            if not is_ru:
                continue
            if bank.bic and not ru_requisites.is_valid_bik(bank.bic):
                raise ValidationError(
                    self.env._("The BIK %s is not valid: it must have 9 digits and start with 04.", bank.bic)
                )
            if bank.coop_corr_account and not ru_requisites.is_valid_corr_account(
                bank.coop_corr_account, bank.bic
            ):
                raise ValidationError(
                    self.env._(
                        "The correspondent account %(account)s is not valid for BIK %(bik)s.",
                        account=bank.coop_corr_account,
                        bik=bank.bic or "-",
                    )
                )
