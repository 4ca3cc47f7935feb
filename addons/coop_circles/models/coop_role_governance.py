from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


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


class CoopRoleAssignment(models.Model):
    _inherit = "coop.role.assignment"

    time_percent = fields.Float(
        string="Declared Time (%)",
        tracking=True,
        help="The share of the person's working time the role takes, as the person declares it.",
    )
    time_hours = fields.Float(
        string="Declared Hours per Week",
        tracking=True,
        help="The role's time in hours per week; when set, it counts instead of the percentage.",
    )

    @api.constrains("time_percent", "time_hours")
    def _check_declared_time(self):
        for rec in self:
            if not 0 <= rec.time_percent <= 100:
                raise ValidationError(_("The declared share of time is between 0 and 100%."))
            if rec.time_hours < 0 or rec.time_hours > 168:
                raise ValidationError(_("The declared hours per week are between 0 and 168."))

    def _declared_hours(self, capacity_hours):
        """Hours of the role in a week whose working time is ``capacity_hours``."""
        self.ensure_one()
        if self.time_hours:
            return self.time_hours
        return capacity_hours * self.time_percent / 100.0
