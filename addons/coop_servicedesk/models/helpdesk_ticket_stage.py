from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    coop_notify_requester = fields.Boolean(
        string="Notify the requester",
        help="When a ticket enters this stage its requester is told by email and, "
        "for a linked Telegram account, by Telegram.",
    )
