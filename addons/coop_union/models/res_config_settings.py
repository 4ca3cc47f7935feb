from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .coop_union_member import BIRTHDAY_REMINDER_DAYS
from .mailing_mailing import SMS_CHUNK


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    coop_union_birthday_reminder_days = fields.Integer(
        string="Birthday Reminder (days ahead)",
        config_parameter="coop_union.birthday_reminder_days",
        default=BIRTHDAY_REMINDER_DAYS,
        help="How many days before a key person's or a chairman's birthday the congratulators "
        "get their reminder (the daily birthday job).",
    )
    coop_union_sms_chunk_size = fields.Integer(
        string="Mass SMS Chunk (recipients)",
        config_parameter="coop_union.sms_chunk_size",
        default=SMS_CHUNK,
        help="Recipients of a mass SMS queued and committed together: a larger chunk is faster, "
        "a smaller one holds the database for a shorter time.",
    )

    @api.constrains("coop_union_birthday_reminder_days", "coop_union_sms_chunk_size")
    def _check_coop_union_settings(self):
        for settings in self:
            if not 0 <= settings.coop_union_birthday_reminder_days <= 366:
                raise ValidationError(
                    self.env._("The birthday reminder is given between 0 and 366 days ahead.")
                )
            if settings.coop_union_sms_chunk_size < 1:
                raise ValidationError(self.env._("A mass SMS chunk holds at least one recipient."))
