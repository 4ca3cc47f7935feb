from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CoopUnionAppealType(models.Model):
    """What an appeal is about, and in how many working days it must be answered."""

    _name = "coop.union.appeal.type"
    _description = "Appeal Type"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="The first active type is given to appeals that arrive by themselves."
    )
    response_days = fields.Integer(
        string="Response Deadline (working days)",
        default=30,
        required=True,
        help="Working days of the serving office's calendar, counted from the day after the appeal "
        "is received, public holidays skipped.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    appeal_count = fields.Integer(compute="_compute_appeal_count", string="Appeals")

    @api.constrains("response_days")
    def _check_response_days(self):
        for appeal_type in self:
            if appeal_type.response_days < 1:
                raise ValidationError(
                    self.env._("The response deadline of %s is at least one working day.", appeal_type.name)
                )

    def _compute_appeal_count(self):
        counts = dict(
            self.env["coop.union.appeal"]._read_group([("type_id", "in", self.ids)], ["type_id"], ["__count"])
        )
        for appeal_type in self:
            appeal_type.appeal_count = counts.get(appeal_type, 0)

    @api.model
    def _coop_default(self):
        """The type of an appeal that arrives by itself when its channel names none."""
        return self.sudo().search([], limit=1)
