from odoo import api, fields, models
from odoo.addons.coop_base.tools import param_int
from odoo.exceptions import ValidationError
from odoo.http import DEFAULT_MAX_CONTENT_LENGTH

from .coop_telegram_link import DEFAULT_REISSUE_SECONDS, DEFAULT_VALIDITY_MINUTES
from .coop_telegram_link_attempt import DEFAULT_MAX_FAILURES, DEFAULT_WINDOW_MINUTES
from .coop_telegram_outbox import DEFAULT_MAX_ATTEMPTS
from .helpdesk_ticket import DEFAULT_MAIL_ATTACHMENT_MB

UPLOAD_KEY = "web.max_file_upload_size"
MAIL_KEY = "coop_servicedesk.mail_attachment_max_mb"
CODE_MINUTES_KEY = "coop_servicedesk.telegram_code_minutes"
REISSUE_KEY = "coop_servicedesk.telegram_code_reissue_seconds"
MAX_FAILURES_KEY = "coop_servicedesk.telegram_link_max_failures"
WINDOW_KEY = "coop_servicedesk.telegram_link_window_minutes"
OUTBOX_KEY = "coop_servicedesk.outbox_max_attempts"
SLA_RISK_KEY = "coop_servicedesk.sla_risk_minutes"
DEFAULT_SLA_RISK_MINUTES = 60
MEGABYTE = 1024 * 1024


class ResConfigSettings(models.TransientModel):
    """The service desk's settings, on the Helpdesk page of Settings."""

    _inherit = "res.config.settings"

    # the help texts are those of the settings page (views/res_config_settings_views.xml)
    coop_max_upload_mb = fields.Float("Largest uploaded file (MB)", digits=(16, 1))
    coop_mail_attachment_max_mb = fields.Float(
        "Largest mail attachment (MB)", digits=(16, 1), config_parameter=MAIL_KEY, default=DEFAULT_MAIL_ATTACHMENT_MB
    )
    coop_telegram_code_minutes = fields.Integer(
        "Link code validity (minutes)", config_parameter=CODE_MINUTES_KEY, default=DEFAULT_VALIDITY_MINUTES
    )
    coop_telegram_code_reissue_seconds = fields.Integer(
        "New code after (seconds)", config_parameter=REISSUE_KEY, default=DEFAULT_REISSUE_SECONDS
    )
    coop_telegram_link_max_failures = fields.Integer(
        "Wrong codes before a pause", config_parameter=MAX_FAILURES_KEY, default=DEFAULT_MAX_FAILURES
    )
    coop_telegram_link_window_minutes = fields.Integer(
        "Wrong codes window (minutes)", config_parameter=WINDOW_KEY, default=DEFAULT_WINDOW_MINUTES
    )
    coop_outbox_max_attempts = fields.Integer(
        "Telegram delivery attempts", config_parameter=OUTBOX_KEY, default=DEFAULT_MAX_ATTEMPTS
    )
    coop_sla_risk_minutes = fields.Integer(
        "SLA at risk (minutes before the deadline)",
        config_parameter=SLA_RISK_KEY,
        default=DEFAULT_SLA_RISK_MINUTES,
    )

    @api.constrains(
        "coop_max_upload_mb",
        "coop_mail_attachment_max_mb",
        "coop_telegram_code_minutes",
        "coop_telegram_code_reissue_seconds",
        "coop_telegram_link_max_failures",
        "coop_telegram_link_window_minutes",
        "coop_outbox_max_attempts",
        "coop_sla_risk_minutes",
    )
    def _check_coop_servicedesk_limits(self):
        for settings in self:
            if (
                settings.coop_max_upload_mb <= 0
                or settings.coop_mail_attachment_max_mb < 0
                or settings.coop_telegram_code_reissue_seconds < 0
                or min(
                    settings.coop_telegram_code_minutes,
                    settings.coop_telegram_link_max_failures,
                    settings.coop_telegram_link_window_minutes,
                    settings.coop_outbox_max_attempts,
                    settings.coop_sla_risk_minutes,
                )
                < 1
            ):
                raise ValidationError(
                    self.env._(
                        "Service desk settings: the upload limit, the code validity, the wrong codes "
                        "and the delivery attempts must be positive; the other values cannot be negative."
                    )
                )

    @api.model
    def get_values(self):
        # an RPC endpoint: Odoo's upload limit is read as superuser below, for administrators only
        self.check_access("read")
        res = super().get_values()
        res["coop_max_upload_mb"] = param_int(self.env, UPLOAD_KEY, DEFAULT_MAX_CONTENT_LENGTH) / MEGABYTE
        return res

    def set_values(self):
        res = super().set_values()
        limit = int(round(self.coop_max_upload_mb * MEGABYTE))
        if limit != param_int(self.env, UPLOAD_KEY, DEFAULT_MAX_CONTENT_LENGTH):
            self.env["ir.config_parameter"].sudo().set_param(UPLOAD_KEY, limit)
        return res
