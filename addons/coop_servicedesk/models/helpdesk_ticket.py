from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    coop_template_id = fields.Many2one(
        "coop.servicedesk.template",
        string="Template",
        ondelete="set null",
        index=True,
        domain="[('team_id', '=', team_id)]",
    )
    bridge_request_uid = fields.Char(
        string="Bot request id",
        copy=False,
        readonly=True,
        index=True,
        help="Identifier of the Telegram request that created this ticket.",
    )

    _sql_constraints = [
        (
            "bridge_request_uid_unique",
            "unique(bridge_request_uid)",
            "A bot request can create one ticket only.",
        ),
    ]

    @api.constrains("coop_template_id", "team_id")
    def _check_template_team(self):
        for ticket in self:
            tmpl = ticket.coop_template_id
            if tmpl and tmpl.team_id != ticket.team_id:
                raise ValidationError(
                    self.env._(
                        "Template %(template)s belongs to team %(team)s, " "not to the ticket's team.",
                        template=tmpl.name,
                        team=tmpl.team_id.display_name,
                    )
                )

    @api.onchange("coop_template_id")
    def _onchange_coop_template_id(self):
        tmpl = self.coop_template_id
        if not tmpl:
            return
        self.team_id = tmpl.team_id
        self.category_id = tmpl.category_id
        self.tag_ids = tmpl.tag_ids
        self.priority = tmpl.priority
        if tmpl.description:
            self.description = tmpl.description
        if not self.name:
            self.name = tmpl.name

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            tmpl_id = vals.get("coop_template_id")
            if tmpl_id:
                tmpl = self.env["coop.servicedesk.template"].browse(tmpl_id)
                for key, value in tmpl._prepare_ticket_values().items():
                    if key == "team_id" and vals.get("team_id"):
                        continue  # a mismatch is reported by the constraint
                    if key == "tag_ids" and vals.get("tag_ids"):
                        continue
                    if key in ("category_id", "priority") and vals.get(key):
                        continue
                    vals[key] = value
                if not vals.get("name"):
                    vals["name"] = tmpl.name
                if not vals.get("description") and tmpl.description:
                    vals["description"] = tmpl.description
        return super().create(vals_list)
