from odoo import api, fields, models


class CoopRole(models.Model):
    _inherit = "coop.role"

    election_ids = fields.One2many("coop.role.election", "role_id", string="Elections")
    past_assignment_ids = fields.One2many(
        "coop.role.assignment",
        compute="_compute_past_assignment_ids",
        string="Past Terms",
        help="Who held the role before, term by term.",
    )

    @api.depends("assignment_ids.date_end")
    def _compute_past_assignment_ids(self):
        today = fields.Date.context_today(self)
        for role in self:
            role.past_assignment_ids = role.assignment_ids.filtered(
                lambda a: a.date_end and a.date_end < today
            )
