from odoo import fields, models


class MailMessage(models.Model):
    _inherit = "mail.message"

    coop_bridge_update_uid = fields.Char(
        string="Telegram update",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The Telegram update this message came from: a retry of the bridge posts it once.",
    )
