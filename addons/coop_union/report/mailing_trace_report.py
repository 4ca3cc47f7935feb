from odoo import fields, models


class MailingTraceReport(models.Model):
    """The statistics per mailing, so that union staff see those of the mailings they may read."""

    _inherit = "mailing.trace.report"

    mass_mailing_id = fields.Many2one("mailing.mailing", string="Mailing", readonly=True)

    def _report_get_request_select_items(self):
        return super()._report_get_request_select_items() + ["mailing.id as mass_mailing_id"]

    def _report_get_request_group_by_items(self):
        return super()._report_get_request_group_by_items() + ["mailing.id"]
