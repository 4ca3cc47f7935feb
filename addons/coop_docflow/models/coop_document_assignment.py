from odoo import api, fields, models
from odoo.addons.coop_base.tools import in_job_lang
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_date

from .coop_document import GROUP_DEPUTY

PROTECTED = {
    "state",
    "date_done",
    "is_overdue",
    "executor_id",
    "document_id",
    "resolution_id",
    # related fields: writing them would write the document or the resolution
    "document_title",
    "document_priority",
    "resolution_text",
    "executor_department_id",
}


class CoopDocumentAssignment(models.Model):
    """Execution control: one executor's task under a resolution."""

    _name = "coop.document.assignment"
    _description = "Document Assignment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "deadline, id"
    _mail_post_access = "read"

    document_id = fields.Many2one(
        "coop.document", required=True, ondelete="cascade", index=True, readonly=True
    )
    document_title = fields.Char(related="document_id.title", string="Document Title")
    document_priority = fields.Selection(related="document_id.priority", store=True)
    resolution_id = fields.Many2one("coop.document.resolution", ondelete="cascade", readonly=True)
    resolution_text = fields.Text(related="resolution_id.text")
    executor_id = fields.Many2one("res.users", string="Executor", required=True, index=True, readonly=True)
    executor_department_id = fields.Many2one(
        "hr.department", string="Department", related="executor_id.employee_id.department_id"
    )
    deadline = fields.Date(tracking=True)
    state = fields.Selection(
        [("new", "New"), ("in_progress", "In Progress"), ("done", "Done")],
        default="new",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    report = fields.Text(tracking=True, help="What was done.")
    date_done = fields.Datetime(readonly=True, tracking=True)
    is_overdue = fields.Boolean(
        string="Overdue", readonly=True, index=True, help="Flagged by the daily execution control."
    )
    done_late = fields.Boolean(compute="_compute_done_late", store=True)

    @api.depends("date_done", "deadline")
    def _compute_done_late(self):
        for assignment in self:
            assignment.done_late = bool(
                assignment.date_done
                and assignment.deadline
                and assignment.date_done.date() > assignment.deadline
            )

    def _compute_display_name(self):
        for assignment in self:
            assignment.display_name = "%s: %s" % (
                assignment.document_id.display_name or "",
                assignment.executor_id.name or "",
            )

    def write(self, vals):
        if not self.env.su:
            if set(vals) & PROTECTED:
                raise AccessError(self.env._("The state of an assignment changes through its buttons only."))
            if not self.env.user.has_group(GROUP_DEPUTY) and set(vals) - {"report"}:
                raise AccessError(self.env._("Executors can only write the report of their assignments."))
            if "report" in vals:
                others = self.filtered(lambda a: a.executor_id != self.env.user)
                if others:
                    raise AccessError(
                        self.env._(
                            "Only the executor writes the report of an assignment: the report "
                            "of %s is theirs.",
                            ", ".join(others.executor_id.mapped("name")),
                        )
                    )
                if self.filtered(lambda a: a.state == "done"):
                    raise UserError(self.env._("The report of a completed assignment cannot be changed."))
        return super().write(vals)

    def _check_own(self):
        self.check_access("read")
        for assignment in self:
            if not self.env.su and assignment.executor_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only %s, the executor, can mark this assignment.", assignment.executor_id.name
                    )
                )

    def action_start(self):
        self._check_own()
        if self.filtered(lambda a: a.state != "new"):
            raise UserError(self.env._("Only a new assignment can be started."))
        self.sudo().write({"state": "in_progress"})
        for assignment in self:
            assignment.document_id.sudo().message_post(
                body=self.env._("%s started the execution.", assignment.executor_id.name),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_done(self, report=None):
        """Mark the assignment executed with a report; the document is executed when all are."""
        self._check_own()
        if self.filtered(lambda a: a.state == "done"):
            raise UserError(self.env._("This assignment is already done."))
        for assignment in self:
            text = report or assignment.report
            if not (text or "").strip():
                raise ValidationError(
                    self.env._("Write a report on what was done before completing the assignment.")
                )
            assignment.sudo().write(
                {
                    "state": "done",
                    "report": text,
                    "date_done": fields.Datetime.now(),
                    "is_overdue": False,
                }
            )
            document = assignment.document_id.sudo()
            document._close_activities(assignment.executor_id)
            document.message_post(
                body=self.env._(
                    "%(user)s executed: %(report)s", user=assignment.executor_id.name, report=text
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.document_id._check_all_executed()
        return True

    @api.model
    @in_job_lang
    def _cron_flag_overdue(self):
        """Flag overdue assignments and give their executors and the chairman an activity."""
        today = fields.Date.context_today(self)
        overdue = self.sudo().search(
            [("state", "!=", "done"), ("deadline", "<", today), ("is_overdue", "=", False)]
        )
        for assignment in overdue:
            assignment.is_overdue = True
            document = assignment.document_id.sudo()
            summary = self.env._(
                "Overdue since %(date)s: %(doc)s (%(user)s)",
                date=format_date(assignment.env, assignment.deadline),
                doc=document.display_name,
                user=assignment.executor_id.name,
            )
            for user in assignment.executor_id | document._chairmen():
                document.activity_schedule(
                    "mail.mail_activity_data_todo", date_deadline=today, summary=summary, user_id=user.id
                )
            document.message_post(body=summary, message_type="comment", subtype_xmlid="mail.mt_note")
        return overdue
