from odoo import fields, models


class CoopUnionCategory(models.Model):
    _name = "coop.union.category"
    _description = "Member Category"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Technical code used by the mailing segments (activist, media, partner ...).")
    color = fields.Integer()

    _sql_constraints = [("code_unique", "unique(code)", "This category code already exists.")]
