from odoo import fields, models


class CoopServicedeskAssignRule(models.Model):
    """Fixed responsible for a category of a team's tickets."""

    _name = "coop.servicedesk.assign.rule"
    _description = "Service desk assignment rule"
    _order = "team_id, sequence, id"

    sequence = fields.Integer(default=10)
    team_id = fields.Many2one("helpdesk.ticket.team", required=True, ondelete="cascade")
    category_id = fields.Many2one("helpdesk.ticket.category", help="Empty: any category not matched before.")
    user_id = fields.Many2one(
        "res.users", string="Responsible", required=True, domain=[("share", "=", False)]
    )
