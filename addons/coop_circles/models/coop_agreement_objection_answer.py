from odoo import api, models


class CoopAgreementObjection(models.Model):
    _inherit = "coop.agreement.objection"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        for rec in records:
            if rec.author_id in rec.agreement_id.asked_user_ids:
                rec.agreement_id._on_objection(rec)
        return records
