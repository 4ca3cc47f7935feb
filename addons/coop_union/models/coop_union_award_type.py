from odoo import fields, models


class CoopUnionAwardType(models.Model):
    _name = "coop.union.award.type"
    _description = "Award"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
