from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CoopCrmStageSla(models.Model):
    _name = "coop.crm.stage.sla"
    _description = "Time limit of a funnel stage in a direction"
    _order = "team_id, stage_sequence, id"

    team_id = fields.Many2one("crm.team", string="Direction", required=True, ondelete="cascade", index=True)
    stage_id = fields.Many2one("crm.stage", string="Stage", required=True, ondelete="cascade")
    stage_sequence = fields.Integer(related="stage_id.sequence", store=True)
    limit_days = fields.Float(
        string="Time Limit (working days)",
        required=True,
        default=3.0,
        help="How many working days of the responsible's (or the company's) working calendar a lead may "
        "stay in this stage; weekends, public holidays and leaves of the calendar are not counted.",
    )
    at_risk_percent = fields.Integer(
        string="At Risk After (%)",
        default=75,
        help="Share of the time limit after which the lead is shown as at risk.",
    )

    _sql_constraints = [
        ("team_stage_uniq", "unique(team_id, stage_id)", "A stage has one time limit per direction."),
    ]

    @api.constrains("limit_days", "at_risk_percent")
    def _check_limits(self):
        for sla in self:
            if sla.limit_days <= 0:
                raise ValidationError(self.env._("The time limit of a stage must be positive."))
            if not 0 < sla.at_risk_percent <= 100:
                raise ValidationError(self.env._("The at-risk threshold is a percentage between 1 and 100."))

    @api.depends("team_id", "stage_id", "limit_days")
    def _compute_display_name(self):
        for sla in self:
            sla.display_name = self.env._(
                "%(team)s / %(stage)s: %(days)s d",
                team=sla.team_id.name or "",
                stage=sla.stage_id.name or "",
                days=sla.limit_days,
            )
