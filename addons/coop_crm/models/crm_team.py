from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    coop_circle_id = fields.Many2one(
        "coop.circle",
        string="Producing Circle",
        index=True,
        tracking=True,
        domain=[("kind", "=", "producing")],
        help="The circle whose specialists deliver this direction's work and may see its leads, "
        "clients and projects.",
    )
    coop_passport_template = fields.Html(
        string="Lead Passport Template",
        help="Filled into every new lead of this direction, to be completed by the coordinator.",
    )
    coop_sla_ids = fields.One2many("coop.crm.stage.sla", "team_id", string="Stage SLA")
