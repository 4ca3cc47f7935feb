"""Circle workspaces: projects of a circle's internal work, seen and worked in by the members of
that circle only (its coordinator and team lead included). A sub-circle is a circle of its own:
its members see the sub-circle's workspace; membership of a parent or a child circle alone opens
neither. The cooperative's administrators see every workspace. The record rules are in SQL
(``member_ids in [user.id]``); chatter, attachments, followers and exports follow the records."""

from odoo import _, api, fields, models
from odoo.addons.coop_circles.tools.access import check_no_server_fields, check_readable, is_coop_admin
from odoo.exceptions import AccessError, UserError


class CoopCircle(models.Model):
    _inherit = "coop.circle"

    workspace_project_ids = fields.One2many(
        "project.project", "coop_workspace_circle_id", string="Workspace Projects"
    )
    workspace_project_count = fields.Integer(compute="_compute_workspace_project_count")

    def _compute_workspace_project_count(self):
        data = self.env["project.project"]._read_group(
            [("coop_workspace_circle_id", "in", self.ids)], ["coop_workspace_circle_id"], ["__count"]
        )
        counts = {circle.id: count for circle, count in data}
        for circle in self:
            circle.workspace_project_count = counts.get(circle.id, 0)

    def action_open_workspace(self):
        """The circle's own projects (those the caller may see)."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": _("Workspace: %s", self.name),
            "res_model": "project.project",
            "view_mode": "kanban,list,form",
            "domain": [("coop_workspace_circle_id", "=", self.id)],
            "context": {
                "default_coop_workspace_circle_id": self.id,
                "default_privacy_visibility": "followers",
            },
        }


class ProjectProject(models.Model):
    _inherit = "project.project"

    coop_workspace_circle_id = fields.Many2one(
        "coop.circle",
        string="Circle Workspace",
        index=True,
        tracking=True,
        ondelete="restrict",
        help="A project of the circle's internal work: only the circle's members see it and its tasks.",
    )

    def _coop_check_workspace(self, vals):
        if self.env.su or "coop_workspace_circle_id" not in vals:
            return
        circle = self.env["coop.circle"].browse(vals["coop_workspace_circle_id"])
        if circle:
            check_readable(circle)
        if is_coop_admin(self.env):
            return
        circles = circle | self.sudo().coop_workspace_circle_id
        for one in circles:
            if self.env.user not in one.sudo().member_ids:
                raise AccessError(
                    _(
                        "Only members of the circle %s put a project into its workspace or take one out.",
                        one.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._coop_check_workspace(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._coop_check_workspace(vals)
        return super().write(vals)

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        self._coop_check_workspace_followers(partner_ids)
        return super()._message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids, customer_ids=customer_ids
        )

    def _coop_workspace_readers(self):
        self.ensure_one()
        return self.sudo().coop_workspace_circle_id.member_ids

    def _coop_check_workspace_followers(self, partner_ids):
        """A workspace's followers are its readers: no one outside the circle gets its messages."""
        if not partner_ids:
            return
        partners = self.env["res.partner"].sudo().browse(partner_ids)
        for rec in self.sudo().filtered(lambda r: r._coop_workspace_circle()):
            readers = rec._coop_workspace_readers().partner_id
            outsiders = partners - readers - self.env.ref("base.partner_root")
            if outsiders:
                raise UserError(
                    _(
                        "%(names)s cannot follow %(record)s: it belongs to the workspace of the circle %(circle)s.",
                        names=", ".join(outsiders.mapped("display_name")),
                        record=rec.display_name,
                        circle=rec._coop_workspace_circle().name,
                    )
                )

    def _coop_workspace_circle(self):
        return self.coop_workspace_circle_id


class ProjectTask(models.Model):
    _inherit = "project.task"

    coop_workspace_circle_id = fields.Many2one(
        "coop.circle",
        string="Circle Workspace",
        related="project_id.coop_workspace_circle_id",
        store=True,
        index=True,
    )

    def write(self, vals):
        check_no_server_fields(self, vals, ["coop_workspace_circle_id"])
        if "user_ids" in vals and not self.env.su:
            self._coop_check_workspace_assignees(vals["user_ids"])
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_no_server_fields(self, vals, ["coop_workspace_circle_id"])
        tasks = super().create(vals_list)
        if not self.env.su:
            for task in tasks:
                task._coop_check_workspace_assignees([(6, 0, task.user_ids.ids)])
        return tasks

    def _coop_check_workspace_assignees(self, commands):
        from odoo.addons.coop_circles.tools.access import relation_ids

        users = self.env["res.users"].browse(list(relation_ids(commands)))
        for task in self.sudo().filtered("coop_workspace_circle_id"):
            outsiders = users - task.coop_workspace_circle_id.member_ids
            if outsiders:
                raise UserError(
                    _(
                        "%(names)s is not a member of the circle %(circle)s: its workspace's tasks go to its members.",
                        names=", ".join(outsiders.mapped("name")),
                        circle=task.coop_workspace_circle_id.name,
                    )
                )

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        if partner_ids:
            partners = self.env["res.partner"].sudo().browse(partner_ids)
            root = self.env.ref("base.partner_root")
            for task in self.sudo().filtered("coop_workspace_circle_id"):
                outsiders = partners - task.coop_workspace_circle_id.member_ids.partner_id - root
                if outsiders:
                    raise UserError(
                        _(
                            "%(names)s cannot follow %(record)s: it belongs to the workspace of the circle %(circle)s.",
                            names=", ".join(outsiders.mapped("display_name")),
                            record=task.display_name,
                            circle=task.coop_workspace_circle_id.name,
                        )
                    )
        return super()._message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids, customer_ids=customer_ids
        )
