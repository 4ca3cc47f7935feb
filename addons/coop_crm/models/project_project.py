from odoo import api, fields, models
from odoo.addons.coop_base.tools import related_action
from odoo.addons.coop_circles.tools.access import check_no_server_fields, check_readable
from odoo.exceptions import ValidationError


class ProjectProject(models.Model):
    _inherit = "project.project"

    coop_lead_id = fields.Many2one("crm.lead", string="Lead", index=True, tracking=True, copy=False)
    coop_team_id = fields.Many2one("crm.team", string="Direction", index=True, tracking=True)
    coop_circle_id = fields.Many2one(related="coop_team_id.coop_circle_id", string="Producing Circle", store=True, index=True)
    coop_secretary_id = fields.Many2one(
        "res.users",
        string="Secretary",
        tracking=True,
        help="The coordinator who keeps the minutes of the project's meetings.",
    )
    coop_booking_ids = fields.One2many("coop.capacity.booking", "project_id", string="Capacity Bookings")
    coop_booking_count = fields.Integer(compute="_compute_coop_booking_count", string="Bookings Count")

    def _coop_check_chosen_records(self, vals):
        """The client, lead and direction a user links to a project feed the NDA rules (as superuser)."""
        if self.env.su:
            return
        check_no_server_fields(self, vals, ["coop_circle_id"])
        many2ones = (
            ("partner_id", self.env._("You can only link a contact whose card you may open.")),
            ("coop_lead_id", self.env._("You can only link a lead you are allowed to see.")),
            ("coop_team_id", self.env._("You can only choose a direction you are allowed to see.")),
        )
        for fname, message in many2ones:
            if vals.get(fname) and (
                not self or any(project[fname].id != vals[fname] for project in self.sudo())
            ):
                check_readable(self.env[self._fields[fname].comodel_name].browse(vals[fname]), message)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._coop_check_chosen_records(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._coop_check_chosen_records(vals)
        return super().write(vals)

    def _compute_coop_booking_count(self):
        data = self.env["coop.capacity.booking"]._read_group(
            [("project_id", "in", self.ids)], ["project_id"], ["__count"]
        )
        counts = {project.id: count for project, count in data}
        for project in self:
            project.coop_booking_count = counts.get(project.id, 0)

    @api.constrains("user_id", "coop_secretary_id", "coop_lead_id")
    def _check_coop_roles(self):
        coordinator = "coop_circles.group_coop_coordinator"
        for project in self:
            if not project.coop_secretary_id:
                continue
            if project.coop_secretary_id == project.user_id:
                raise ValidationError(
                    self.env._("The project manager and the secretary are two different coordinators.")
                )
            for user in project.user_id | project.coop_secretary_id:
                if not user.has_group(coordinator):
                    raise ValidationError(
                        self.env._(
                            "%s is not a project coordinator: a client project's manager and secretary are coordinators.",
                            user.name,
                        )
                    )

    def action_coop_open_bookings(self):
        return related_action(self, "coop_crm.action_coop_capacity_booking", "project_id")

    def action_coop_open_lead(self):
        self.ensure_one()
        self.check_access("read")
        return self.coop_lead_id._get_records_action()
