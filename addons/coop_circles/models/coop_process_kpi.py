from odoo import fields, models


class CoopProcessKpi(models.Model):
    _name = "coop.process.kpi"
    _description = "Process KPI"
    _order = "process_id, sequence, id"

    process_id = fields.Many2one("coop.process", required=True, index=True, ondelete="cascade")
    circle_id = fields.Many2one(related="process_id.circle_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Indicator", required=True)
    measurement = fields.Char(string="How It Is Measured")
    target = fields.Char(string="Target")
