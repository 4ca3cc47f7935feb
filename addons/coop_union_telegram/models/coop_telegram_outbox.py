from odoo import fields, models


class CoopTelegramOutbox(models.Model):
    _inherit = "coop.telegram.outbox"

    coop_union_appeal_id = fields.Many2one(
        "coop.union.appeal",
        string="Appeal",
        ondelete="set null",
        index="btree_not_null",
        readonly=True,
        help="The appeal whose answer this message carries to the applicant's chat.",
    )
