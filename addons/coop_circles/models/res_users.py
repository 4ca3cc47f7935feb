from odoo import fields, models

from ..tools.access import check_no_server_fields


class ResUsers(models.Model):
    _inherit = "res.users"

    coop_circle_ids = fields.Many2many(
        "coop.circle",
        "coop_circle_member_rel",
        "user_id",
        "circle_id",
        string="Circles",
        readonly=True,
        copy=False,
    )
    coop_role_assignment_ids = fields.One2many("coop.role.assignment", "user_id", string="Role Assignments")

    def write(self, vals):
        # Circle membership follows the role assignments only.
        check_no_server_fields(self, vals, ["coop_circle_ids"])
        return super().write(vals)
