from odoo import fields, models


class CoopUnionIndustry(models.Model):
    _name = "coop.union.industry"
    _description = "Industry"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [("name_unique", "unique(name)", "This industry already exists.")]
