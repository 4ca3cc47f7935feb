from odoo import fields, models

from ..tools.access import check_manages, check_no_server_fields


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

    def write(self, vals):
        check_no_server_fields(self, vals, ["circle_id"])
        if vals.get("process_id") and any(rec.process_id.id != vals["process_id"] for rec in self):
            self.check_access("write")
            check_manages(self.env["coop.process"].browse(vals["process_id"]).circle_id)
        return super().write(vals)
