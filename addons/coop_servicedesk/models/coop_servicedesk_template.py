from odoo import api, fields, models
from odoo.addons.coop_base.tools import selection_of
from odoo.exceptions import ValidationError


class CoopServicedeskTemplate(models.Model):
    """A typical request of a team: prefilled title, category, tags, priority, text."""

    _name = "coop.servicedesk.template"
    _description = "Service desk request template"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "team_id, sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    team_id = fields.Many2one(
        "helpdesk.ticket.team", required=True, ondelete="cascade", index=True, tracking=True
    )
    company_id = fields.Many2one(related="team_id.company_id", store=True)
    category_id = fields.Many2one("helpdesk.ticket.category", tracking=True)
    tag_ids = fields.Many2many("helpdesk.ticket.tag", string="Tags")
    priority = fields.Selection(selection_of("helpdesk.ticket", "priority"), default="1", required=True, tracking=True)
    description = fields.Html(string="Prefilled description", translate=True, sanitize_style=True)
    show_in_portal = fields.Boolean(string="Offer in portal", default=True)
    show_in_bot = fields.Boolean(string="Offer in Telegram bot", default=True)
    ticket_count = fields.Integer(compute="_compute_ticket_count")
    sla_ids = fields.Many2many(
        "helpdesk.sla",
        string="Applicable SLA",
        compute="_compute_sla_ids",
        help="Service levels a ticket made from this template falls under.",
    )

    @api.depends("team_id", "category_id", "tag_ids", "priority")
    def _compute_sla_ids(self):
        for tmpl in self:
            if not tmpl.team_id.use_sla:
                tmpl.sla_ids = False
                continue
            ticket = self.env["helpdesk.ticket"].new(
                {
                    "team_id": tmpl.team_id.id,
                    "category_id": tmpl.category_id.id,
                    "tag_ids": [(6, 0, tmpl.tag_ids.ids)],
                    "priority": tmpl.priority,
                }
            )
            tmpl.sla_ids = ticket._get_sla()

    def _compute_ticket_count(self):
        data = self.env["helpdesk.ticket"]._read_group(
            [("coop_template_id", "in", self.ids)], ["coop_template_id"], ["__count"]
        )
        counts = {tmpl.id: count for tmpl, count in data}
        for tmpl in self:
            tmpl.ticket_count = counts.get(tmpl.id, 0)

    @api.constrains("category_id", "team_id")
    def _check_category_team(self):
        for tmpl in self:
            cats = tmpl.team_id.category_ids
            if tmpl.category_id and cats and tmpl.category_id not in cats:
                raise ValidationError(
                    self.env._(
                        "Category %(category)s is not used by team %(team)s.",
                        category=tmpl.category_id.display_name,
                        team=tmpl.team_id.display_name,
                    )
                )

    def _prepare_ticket_values(self):
        """Values a new ticket takes from this template."""
        self.ensure_one()
        return {
            "coop_template_id": self.id,
            "team_id": self.team_id.id,
            "category_id": self.category_id.id,
            "tag_ids": [(6, 0, self.tag_ids.ids)],
            "priority": self.priority,
        }

    def action_view_tickets(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("helpdesk_mgmt.helpdesk_ticket_action")
        action["domain"] = [("coop_template_id", "=", self.id)]
        action["context"] = {"default_coop_template_id": self.id}
        return action
