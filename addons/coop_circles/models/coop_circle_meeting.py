"""Governance and tactical meetings of a circle: the agenda (tensions, agreements due for review,
proposals in flight), attendance, the secretary's minutes with decisions and actions, published to
the circle (the council's to every member), and a calendar event."""

from datetime import timedelta

from markupsafe import Markup
from odoo import _, api, fields, models
from odoo.addons.coop_base.tools import in_job_lang, job_lang
from odoo.exceptions import AccessError, UserError

from ..tools.access import check_no_server_fields, check_readable, is_coop_admin

MEETING_SERVER_FIELDS = ["calendar_event_id", "published_date", "state"]
REVIEW_HORIZON_DAYS = 14


class CoopCircleMeeting(models.Model):
    _name = "coop.circle.meeting"
    _description = "Circle Meeting"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "start desc, id desc"

    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    circle_id = fields.Many2one("coop.circle", required=True, index=True, ondelete="restrict", tracking=True)
    kind = fields.Selection(
        [("governance", "Governance"), ("tactical", "Tactical")],
        required=True,
        default="governance",
        tracking=True,
    )
    start = fields.Datetime(required=True, tracking=True, default=lambda self: fields.Datetime.now())
    duration = fields.Float(default=1.0, help="Hours.")
    facilitator_id = fields.Many2one("res.users", string="Facilitator", tracking=True)
    secretary_id = fields.Many2one(
        "res.users", string="Secretary", tracking=True, help="Keeps the minutes and publishes them."
    )
    attendee_ids = fields.Many2many(
        "res.users",
        "coop_circle_meeting_attendee_rel",
        "meeting_id",
        "user_id",
        string="Invited",
        domain=[("share", "=", False)],
    )
    present_ids = fields.Many2many(
        "res.users",
        "coop_circle_meeting_present_rel",
        "meeting_id",
        "user_id",
        string="Present",
        domain=[("share", "=", False)],
    )
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("in_progress", "In Progress"),
            ("done", "Held"),
            ("published", "Minutes Published"),
        ],
        default="planned",
        required=True,
        readonly=True,
        tracking=True,
    )
    item_ids = fields.One2many("coop.circle.meeting.item", "meeting_id", string="Agenda", copy=False)
    action_ids = fields.One2many("coop.circle.meeting.action", "meeting_id", string="Actions", copy=False)
    decision_ids = fields.One2many("coop.circle.decision", "meeting_id", string="Decisions", readonly=True)
    minutes = fields.Html(help="The secretary's minutes.")
    calendar_event_id = fields.Many2one("calendar.event", string="Calendar Event", readonly=True, copy=False)
    published_date = fields.Datetime(readonly=True, copy=False)
    item_count = fields.Integer(compute="_compute_counts")
    decision_count = fields.Integer(compute="_compute_counts")

    @api.depends("circle_id.name", "kind", "start")
    def _compute_name(self):
        # Written once and read by everyone: in the database's language when no user's is given.
        env = (
            self.env
            if self.env.context.get("lang")
            else self.env(context=dict(self.env.context, lang=job_lang(self.env)))
        )
        labels = dict(self._fields["kind"]._description_selection(env))
        for rec in self:
            if rec.circle_id and rec.start:
                rec.name = env._(
                    "%(kind)s meeting of %(circle)s, %(date)s",
                    kind=labels.get(rec.kind, ""),
                    circle=rec.circle_id.name,
                    date=fields.Date.to_string(fields.Datetime.context_timestamp(rec, rec.start).date()),
                )
            elif not rec.name:
                rec.name = labels.get(rec.kind, "")

    @api.depends("item_ids", "decision_ids")
    def _compute_counts(self):
        for rec in self:
            rec.item_count = len(rec.item_ids)
            rec.decision_count = len(rec.decision_ids)

    @api.onchange("circle_id")
    def _onchange_circle_id(self):
        if self.circle_id:
            self.attendee_ids = self.circle_id.member_ids
            roles = self.circle_id.role_ids
            secretary = roles.filtered(lambda r: r.structural_type == "secretary").assignment_ids.filtered(
                "is_current"
            )
            facilitator = roles.filtered(
                lambda r: r.structural_type == "facilitator"
            ).assignment_ids.filtered("is_current")
            self.secretary_id = secretary[:1].user_id or self.circle_id.coordinator_id
            self.facilitator_id = facilitator[:1].user_id or self.circle_id.team_lead_id

    # -- rights -------------------------------------------------------------------------------

    def _is_runner(self, user=None):
        """The meeting's secretary or facilitator, the circle's coordinator or team lead, an administrator."""
        self.ensure_one()
        user = user or self.env.user
        if is_coop_admin(self.env):
            return True
        circle = self.sudo().circle_id
        return user in (
            self.sudo().secretary_id
            | self.sudo().facilitator_id
            | circle.coordinator_id
            | circle.team_lead_id
        )

    def _check_runner(self):
        self.check_access("read")
        for rec in self:
            if not rec._is_runner():
                raise AccessError(
                    _(
                        "Only the secretary or the facilitator of the meeting, or the circle's coordinator or team lead, runs it."
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_no_server_fields(self, vals, MEETING_SERVER_FIELDS)
            if not self.env.su and vals.get("circle_id"):
                circle = self.env["coop.circle"].browse(vals["circle_id"])
                check_readable(circle)
                if self.env.user not in circle.sudo().member_ids and not is_coop_admin(self.env):
                    raise AccessError(_("Only a member of the circle calls its meeting."))
        meetings = super().create(vals_list)
        for meeting in meetings:
            if not meeting.attendee_ids:
                meeting.attendee_ids = meeting.circle_id.member_ids
        meetings._sync_calendar_event()
        return meetings

    def write(self, vals):
        check_no_server_fields(self, vals, MEETING_SERVER_FIELDS)
        if "circle_id" in vals and any(rec.circle_id.id != vals["circle_id"] for rec in self):
            raise UserError(_("A meeting stays in its circle."))
        if (
            not self.env.su
            and self.filtered(lambda m: m.state == "published")
            and set(vals) - {"message_follower_ids"}
        ):
            raise UserError(_("The minutes are published: the meeting can no longer be changed."))
        res = super().write(vals)
        if {"start", "duration", "attendee_ids", "name"} & set(vals):
            self._sync_calendar_event()
        return res

    def _sync_calendar_event(self):
        """One calendar event per meeting, with the invited members."""
        Event = self.env["calendar.event"].sudo().with_context(no_mail_to_attendees=True)
        for rec in self:
            values = {
                "name": rec.name,
                "start": rec.start,
                "stop": rec.start + timedelta(hours=rec.duration or 1.0),
                "duration": rec.duration or 1.0,
                "partner_ids": [(6, 0, rec.attendee_ids.partner_id.ids)],
                "res_model_id": self.env["ir.model"]._get_id(self._name),
                "res_id": rec.id,
                "user_id": (rec.secretary_id or self.env.user).id,
            }
            if rec.calendar_event_id:
                rec.calendar_event_id.write(values)
            else:
                rec.sudo().write({"calendar_event_id": Event.create(values).id})

    # -- agenda -----------------------------------------------------------------------------------

    def action_build_agenda(self):
        """Bring the circle's open tensions, agreements due for review and proposals in flight."""
        self._check_runner()
        Item = self.env["coop.circle.meeting.item"].sudo()
        Tension = self.env["coop.circle.tension"].sudo()
        Agreement = self.env["coop.agreement"].sudo()
        for rec in self:
            if rec.state not in ("planned", "in_progress"):
                raise UserError(_("The meeting %s was held: its agenda is closed.", rec.name))
            listed_tensions = rec.item_ids.tension_id
            listed_agreements = rec.item_ids.agreement_id
            sequence = max(rec.item_ids.mapped("sequence") or [0])
            tension_domain = [("circle_id", "=", rec.circle_id.id), ("state", "=", "open")]
            if rec.kind == "tactical":
                tension_domain.append(("meeting_kind", "=", "tactical"))
            for tension in Tension.search(tension_domain, order="create_date, id") - listed_tensions:
                sequence += 1
                Item.create(
                    {
                        "meeting_id": rec.id,
                        "sequence": sequence,
                        "kind": "tension",
                        "tension_id": tension.id,
                        "name": tension.name,
                    }
                )
                tension.write({"state": "on_agenda", "meeting_id": rec.id})
            if rec.kind != "governance":
                continue
            horizon = fields.Date.context_today(self) + timedelta(days=REVIEW_HORIZON_DAYS)
            reviews = Agreement.search(
                [
                    ("circle_id", "=", rec.circle_id.id),
                    "|",
                    ("state", "=", "to_review"),
                    "&",
                    ("state", "=", "consented"),
                    ("review_date", "<=", horizon),
                ]
            )
            for agreement in reviews - listed_agreements:
                sequence += 1
                Item.create(
                    {
                        "meeting_id": rec.id,
                        "sequence": sequence,
                        "kind": "review",
                        "agreement_id": agreement.id,
                        "name": agreement.name,
                    }
                )
            proposals = Agreement.search([("circle_id", "=", rec.circle_id.id), ("state", "=", "proposed")])
            # Stopped by an objection first: they came to the meeting for it.
            for agreement in proposals.sorted(lambda a: (not a.clock_stopped, a.id)) - listed_agreements:
                sequence += 1
                Item.create(
                    {
                        "meeting_id": rec.id,
                        "sequence": sequence,
                        "kind": "proposal",
                        "agreement_id": agreement.id,
                        "name": agreement.name,
                    }
                )
        return True

    def action_start(self):
        self._check_runner()
        for rec in self:
            if rec.state != "planned":
                raise UserError(_("The meeting %s has already started.", rec.name))
            values = {"state": "in_progress"}
            if not rec.present_ids:
                values["present_ids"] = [(6, 0, rec.attendee_ids.ids)]
            rec.sudo().write(values)
        return True

    @in_job_lang
    def action_close(self):
        """The meeting is over: the processed tensions are closed, the actions are given to their owners."""
        self._check_runner()
        for rec in self:
            if rec.state != "in_progress":
                raise UserError(_("Only a meeting in progress can be closed."))
            rec.item_ids.tension_id.sudo().write({"state": "processed"})
            rec.action_ids._schedule()
            rec.sudo().write({"state": "done"})
        return True

    @in_job_lang
    def action_publish_minutes(self):
        """Post the minutes to the circle's members (the council's to every member of the cooperative)."""
        self._check_runner()
        for rec in self:
            if rec.state != "done":
                raise UserError(_("Close the meeting %s before publishing its minutes.", rec.name))
            recipients = rec._minutes_recipients()
            body = self.env["ir.qweb"]._render(
                "coop_circles.coop_circle_meeting_minutes_body", {"meeting": rec}
            )
            rec.sudo().message_subscribe(partner_ids=rec.circle_id.member_ids.partner_id.ids)
            rec.sudo().message_post(
                body=Markup(body),
                subject=_("Minutes: %s", rec.name),
                partner_ids=recipients.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
                message_type="comment",
                author_id=self.env.user.partner_id.id,
            )
            rec.sudo().write({"state": "published", "published_date": fields.Datetime.now()})
        return True

    def _minutes_recipients(self):
        self.ensure_one()
        if self.circle_id.kind == "council":
            return (
                self.env["res.users"]
                .sudo()
                .search(
                    [
                        ("share", "=", False),
                        ("groups_id", "in", self.env.ref("coop_circles.group_coop_member").id),
                    ]
                )
            )
        return self.circle_id.member_ids | self.present_ids

    def action_consent_round(self, agreement_id=None):
        """Open the synchronous consent round on a proposal of the agenda: each member present answers."""
        self.ensure_one()
        self._check_runner()
        if self.state != "in_progress":
            raise UserError(_("Start the meeting before the consent round."))
        agreement = self.env["coop.agreement"].browse(agreement_id or self.env.context.get("agreement_id"))
        if agreement not in self.item_ids.agreement_id or agreement.state != "proposed":
            raise UserError(_("Choose a proposal of this meeting's agenda that is still under discussion."))
        wizard = self.env["coop.meeting.consent.wizard"].create(
            {
                "meeting_id": self.id,
                "agreement_id": agreement.id,
                "line_ids": [(0, 0, {"user_id": user.id, "answer": "consent"}) for user in self.present_ids],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Consent Round"),
            "res_model": wizard._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_open_calendar_event(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.calendar_event_id.id,
            "view_mode": "form",
        }


class CoopCircleMeetingItem(models.Model):
    _name = "coop.circle.meeting.item"
    _description = "Agenda Item"
    _order = "meeting_id, sequence, id"

    meeting_id = fields.Many2one("coop.circle.meeting", required=True, index=True, ondelete="cascade")
    circle_id = fields.Many2one(related="meeting_id.circle_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [
            ("tension", "Tension"),
            ("review", "Agreement to Review"),
            ("proposal", "Proposal"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
    )
    name = fields.Char(string="Item", required=True)
    tension_id = fields.Many2one("coop.circle.tension", string="Tension", ondelete="set null")
    agreement_id = fields.Many2one("coop.agreement", string="Agreement", ondelete="set null")
    agreement_state = fields.Selection(related="agreement_id.state", string="Agreement State")
    outcome = fields.Text(help="What the meeting concluded on the item.")

    def action_consent_round(self):
        self.ensure_one()
        self.check_access("read")
        return self.meeting_id.action_consent_round(self.agreement_id.id)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            for fname, model in (("tension_id", "coop.circle.tension"), ("agreement_id", "coop.agreement")):
                if vals.get(fname):
                    check_readable(self.env[model].browse(vals[fname]))
        return super().create(vals_list)


class CoopCircleMeetingAction(models.Model):
    """An action agreed in the meeting: an owner, a due date; a to-do on the meeting once it closes."""

    _name = "coop.circle.meeting.action"
    _description = "Meeting Action"
    _order = "meeting_id, date_deadline, id"

    meeting_id = fields.Many2one("coop.circle.meeting", required=True, index=True, ondelete="cascade")
    circle_id = fields.Many2one(related="meeting_id.circle_id", store=True, index=True)
    name = fields.Char(string="Action", required=True)
    user_id = fields.Many2one("res.users", string="Owner", required=True, domain=[("share", "=", False)])
    date_deadline = fields.Date(string="Due", required=True)
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")

    def _schedule(self):
        for rec in self.filtered(lambda a: not a.activity_id):
            activity = rec.meeting_id.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=rec.date_deadline,
                summary=rec.name,
                user_id=rec.user_id.id,
                note=_("Agreed in the meeting %s.", rec.meeting_id.name),
            )
            rec.sudo().write({"activity_id": activity.id})
