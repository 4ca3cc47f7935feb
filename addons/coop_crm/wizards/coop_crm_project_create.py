from odoo import api, fields, models
from odoo.exceptions import UserError


class CoopCrmProjectCreate(models.TransientModel):
    _name = "coop.crm.project.create"
    _description = "Create the project of a won lead"

    lead_id = fields.Many2one("crm.lead", required=True, readonly=True)
    name = fields.Char(string="Project Name", required=True)
    partner_id = fields.Many2one("res.partner", string="Client", required=True)
    team_id = fields.Many2one("crm.team", string="Direction", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Project Manager",
        required=True,
        domain=lambda self: [("groups_id", "in", self.env.ref("coop_circles.group_coop_coordinator").id)],
    )
    secretary_id = fields.Many2one(
        "res.users",
        string="Secretary",
        required=True,
        domain=lambda self: [("groups_id", "in", self.env.ref("coop_circles.group_coop_coordinator").id)],
    )
    date_start = fields.Date(string="Start Date")
    date = fields.Date(string="End Date")
    confirm_bookings = fields.Boolean(string="Confirm the Lead's Bookings", default=True)

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        lead = self.env["crm.lead"].browse(res.get("lead_id") or self._context.get("default_lead_id"))
        if lead:
            bookings = lead.coop_booking_ids.filtered(lambda b: b.state != "cancelled")
            res.update(
                {
                    "name": lead.name,
                    "partner_id": lead.coop_client_id.id,
                    "team_id": lead.team_id.id,
                    "user_id": lead.user_id.id,
                    "date_start": min(bookings.mapped("date_start")) if bookings else False,
                    "date": max(bookings.mapped("date_end")) if bookings else lead.date_deadline,
                }
            )
        return res

    def action_create(self):
        self.ensure_one()
        lead = self.lead_id
        lead.check_access("write")
        if lead.coop_outcome != "won":
            raise UserError(self.env._("Only a won lead (contract signed) becomes a project."))
        if lead.coop_project_id:
            raise UserError(self.env._("The lead “%s” already has a project.", lead.name))
        if self.date_start and self.date and self.date < self.date_start:
            raise UserError(self.env._("The project cannot end before it starts."))
        project = self.env["project.project"].create(
            {
                "name": self.name,
                "partner_id": self.partner_id.id,
                "coop_team_id": self.team_id.id,
                "coop_lead_id": lead.id,
                "user_id": self.user_id.id,
                "coop_secretary_id": self.secretary_id.id,
                "date_start": self.date_start,
                "date": self.date,
                "privacy_visibility": "portal",
                "company_id": lead.company_id.id or self.env.company.id,
            }
        )
        project.message_subscribe(partner_ids=(self.user_id | self.secretary_id).partner_id.ids)
        lead.coop_project_id = project
        bookings = lead.coop_booking_ids.filtered(lambda b: b.state != "cancelled")
        bookings.write({"project_id": project.id})
        if self.confirm_bookings:
            bookings.action_confirm()
        lead.message_post(body=self.env._("Project created: %s", project.name))
        return project._get_records_action()
