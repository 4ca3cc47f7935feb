from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .coop_union_appeal import ATTACHMENT_MAX_MB
from .coop_union_appeal_control import ESCALATION_DAYS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    coop_union_appeal_default_organization_id = fields.Many2one(
        "coop.union.organization",
        string="Organisation for Unknown Senders",
        config_parameter="coop_union.appeal_default_organization_id",
        help="Receives the appeals e-mailed by people who are not members (else the federation).",
    )
    coop_union_appeal_attachment_max_mb = fields.Integer(
        string="Appeal File Limit (MB)",
        config_parameter="coop_union.appeal_attachment_max_mb",
        default=ATTACHMENT_MAX_MB,
        help="Largest file an applicant may attach on the web form, the portal or in Telegram.",
    )
    coop_union_appeal_escalation_days = fields.Integer(
        string="Escalate Overdue Appeals After (days)",
        config_parameter="coop_union.appeal_escalation_days",
        default=ESCALATION_DAYS,
        help="Days after its deadline an unanswered appeal is escalated to the organisation's chairman.",
    )

    @api.constrains("coop_union_appeal_attachment_max_mb", "coop_union_appeal_escalation_days")
    def _check_coop_union_appeal_settings(self):
        for settings in self:
            if settings.coop_union_appeal_attachment_max_mb < 1:
                raise ValidationError(self.env._("An appeal's files may be at least 1 MB large."))
            if settings.coop_union_appeal_escalation_days < 0:
                raise ValidationError(
                    self.env._("Overdue appeals cannot be escalated before their deadline.")
                )
