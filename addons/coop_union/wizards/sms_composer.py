from odoo import models


class SmsComposer(models.TransientModel):
    _inherit = "sms.composer"

    def _get_done_record_ids(self, records, recipients_info):
        # a set: the caller tests membership once per record
        return set(super()._get_done_record_ids(records, recipients_info))

    def _get_optout_record_ids(self, records, recipients_info):
        return set(super()._get_optout_record_ids(records, recipients_info))
