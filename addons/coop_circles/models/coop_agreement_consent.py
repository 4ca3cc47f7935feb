"""The circle's consent round on a proposal.

Every member asked answers: consent, objection (with its reasoning, to be integrated) or stand
aside. In a meeting the members present answer (the facilitator records it); asynchronously the
proposal goes out to the circle's members with an objection window counted in the circle's working
days (public holidays of its resource calendar skipped): with no objection by the deadline the
scheduled job accepts it, once; an objection stops the clock and brings the proposal to the next
meeting of the circle.
"""

from datetime import datetime, time, timedelta

import pytz
from odoo import _, api, fields, models
from odoo.addons.coop_base.tools import in_job_lang
from odoo.exceptions import UserError, ValidationError

from ..tools.access import check_no_server_fields

CONSENT_SERVER_FIELDS = [
    "consent_deadline",
    "asked_user_ids",
    "clock_stopped",
    "reminder_sent",
    "accepted_automatically",
    "sent_date",
    "consent_meeting_id",
    "election_id",
]


class CoopAgreement(models.Model):
    _inherit = "coop.agreement"

    consent_mode = fields.Selection(
        [("meeting", "In a Meeting"), ("async", "Asynchronous")],
        string="Consent",
        default="meeting",
        required=True,
        tracking=True,
        help="In a meeting, the members present answer; asynchronously, the proposal goes out to the "
        "circle's members and is accepted at the end of the objection window if no one objects.",
    )
    objection_window_days = fields.Integer(
        string="Objection Window (working days)",
        default=5,
        help="Working days of the circle's calendar the members have to object; public holidays do not count.",
    )
    sent_date = fields.Datetime(string="Sent On", readonly=True, copy=False)
    consent_deadline = fields.Datetime(
        string="Objection Deadline",
        readonly=True,
        copy=False,
        tracking=True,
        help="End of the last working day of the objection window.",
    )
    asked_user_ids = fields.Many2many(
        "res.users",
        "coop_agreement_asked_user_rel",
        "agreement_id",
        "user_id",
        string="Asked",
        readonly=True,
        copy=False,
        help="The circle's members when the proposal was made: each of them answers.",
    )
    answer_ids = fields.One2many("coop.agreement.answer", "agreement_id", string="Answers", readonly=True)
    consent_answer_count = fields.Integer(string="Consents", compute="_compute_answer_stats")
    stand_aside_count = fields.Integer(string="Stood Aside", compute="_compute_answer_stats")
    objection_answer_count = fields.Integer(string="Objected", compute="_compute_answer_stats")
    pending_user_ids = fields.Many2many(
        "res.users", string="Not Answered Yet", compute="_compute_answer_stats"
    )
    pending_count = fields.Integer(string="Not Answered", compute="_compute_answer_stats")
    my_answer = fields.Selection(
        [("consent", "Consent"), ("object", "Objection"), ("stand_aside", "Stand Aside")],
        compute="_compute_my_answer",
    )
    can_answer = fields.Boolean(compute="_compute_my_answer")
    clock_stopped = fields.Boolean(
        string="Clock Stopped",
        readonly=True,
        copy=False,
        help="An objection stopped the objection window: the proposal goes to the circle's next meeting.",
    )
    reminder_sent = fields.Boolean(readonly=True, copy=False)
    accepted_automatically = fields.Boolean(readonly=True, copy=False)
    consent_meeting_id = fields.Many2one(
        "coop.circle.meeting", string="Consented In", readonly=True, copy=False, index=True
    )
    decision_ids = fields.One2many("coop.circle.decision", "agreement_id", string="Decisions", readonly=True)
    election_id = fields.Many2one(
        "coop.role.election", string="Election", readonly=True, copy=False, index=True, ondelete="set null"
    )

    @api.depends("answer_ids.answer", "answer_ids.user_id", "asked_user_ids")
    def _compute_answer_stats(self):
        for rec in self:
            answers = rec.answer_ids
            rec.consent_answer_count = len(answers.filtered(lambda a: a.answer == "consent"))
            rec.stand_aside_count = len(answers.filtered(lambda a: a.answer == "stand_aside"))
            rec.objection_answer_count = len(answers.filtered(lambda a: a.answer == "object"))
            rec.pending_user_ids = rec.asked_user_ids - answers.user_id
            rec.pending_count = len(rec.pending_user_ids)

    @api.depends_context("uid")
    @api.depends("answer_ids.answer", "answer_ids.user_id", "asked_user_ids", "state")
    def _compute_my_answer(self):
        user = self.env.user
        for rec in self:
            mine = rec.answer_ids.filtered(lambda a: a.user_id == user)[:1]
            rec.my_answer = mine.answer or False
            rec.can_answer = rec.state == "proposed" and user in rec.asked_user_ids

    @api.constrains("objection_window_days")
    def _check_objection_window_days(self):
        for rec in self:
            if rec.objection_window_days < 1:
                raise ValidationError(_("The objection window lasts at least one working day."))

    def write(self, vals):
        check_no_server_fields(self, vals, CONSENT_SERVER_FIELDS)
        if {"consent_mode", "objection_window_days"} & set(vals) and not self.env.su:
            sent = self.filtered(lambda a: a.state != "draft")
            if sent:
                raise UserError(
                    _(
                        "The proposal %s has been sent: its way of consent and objection window stay as they were.",
                        sent[0].name,
                    )
                )
        return super().write(vals)

    # -- working days ---------------------------------------------------------------------------

    def _working_calendar(self):
        self.ensure_one()
        return self.circle_id.resource_calendar_id or self.env.company.resource_calendar_id

    def _objection_deadline(self, start):
        """End of the ``objection_window_days``-th working day after ``start`` (naive UTC), public
        holidays of the circle's calendar skipped."""
        self.ensure_one()
        calendar = self._working_calendar()
        if not calendar:
            raise UserError(
                _("Give the circle %s a working calendar to count the objection window.", self.circle_id.name)
            )
        tz = pytz.timezone(calendar.tz or "UTC")
        local_start = pytz.utc.localize(start).astimezone(tz)
        next_day = tz.localize(datetime.combine(local_start.date() + timedelta(days=1), time.min))
        end = calendar.plan_days(self.objection_window_days, next_day, compute_leaves=True)
        if not end:
            raise UserError(
                _("The calendar of the circle %s has no working days ahead.", self.circle_id.name)
            )
        # plan_days stops at the first working interval of the last day: the window ends with the day.
        last_day = end.astimezone(tz).date()
        day_start = tz.localize(datetime.combine(last_day, time.min))
        intervals = calendar._work_intervals_batch(day_start, day_start + timedelta(days=1))[False]
        stops = [stop for _start, stop, _meta in intervals]
        if stops:
            end = max(stops)
        return end.astimezone(pytz.utc).replace(tzinfo=None)

    # -- the round --------------------------------------------------------------------------------

    def action_propose(self):
        for rec in self:
            if rec.state == "draft" and not rec.circle_id.member_ids:
                raise UserError(_("The circle %s has no members to answer the proposal.", rec.circle_id.name))
        res = super().action_propose()
        now = fields.Datetime.now()
        for rec in self:
            values = {"asked_user_ids": [(6, 0, rec.circle_id.member_ids.ids)], "sent_date": now}
            if rec.consent_mode == "async":
                values["consent_deadline"] = rec._objection_deadline(now)
            rec.sudo().write(values)
            if rec.consent_mode == "async":
                rec._ask_members()
        return res

    @in_job_lang
    def _ask_members(self):
        """Ask every member: an activity due at the deadline, and a message to the circle."""
        self.ensure_one()
        deadline_date = fields.Datetime.context_timestamp(self, self.consent_deadline).date()
        for user in self.asked_user_ids:
            self.sudo().activity_schedule(
                "coop_circles.mail_activity_type_consent_answer",
                date_deadline=deadline_date,
                user_id=user.id,
                summary=_("Answer the proposal"),
            )
        self.sudo().message_post(
            body=_(
                "The proposal is sent to the circle for consent. Consent, object with your reasoning or "
                "stand aside before %(deadline)s; without objection it is accepted then.",
                deadline=fields.Datetime.to_string(self.consent_deadline),
            ),
            partner_ids=self.asked_user_ids.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
        )

    def _check_can_answer(self, user=None):
        user = user or self.env.user
        for rec in self:
            if rec.state != "proposed":
                raise UserError(_("The proposal %s is not open for answers.", rec.name))
            if user not in rec.asked_user_ids:
                raise UserError(
                    _(
                        "%(member)s was not asked to answer the proposal %(name)s.",
                        member=user.name,
                        name=rec.name,
                    )
                )

    def _record_answer(self, user, answer, reason=False, objection=False, in_meeting=False):
        """Store ``user``'s answer (the last one counts) and close his to-do."""
        Answer = self.env["coop.agreement.answer"].sudo()
        for rec in self:
            values = {
                "answer": answer,
                "reason": reason,
                "objection_id": objection and objection.id,
                "answer_date": fields.Datetime.now(),
                "recorded_by_id": self.env.user.id,
                "in_meeting": in_meeting,
            }
            existing = rec.answer_ids.filtered(lambda a, u=user: a.user_id == u)
            if existing:
                existing.sudo().write(values)
            else:
                Answer.create(dict(values, agreement_id=rec.id, user_id=user.id))
            rec.sudo().activity_feedback(["coop_circles.mail_activity_type_consent_answer"], user_id=user.id)

    def _demo_answer(self, user_id, answer):
        """Demo data: ``user_id``'s answer, as if given by him."""
        self._record_answer(self.env["res.users"].browse(user_id), answer)

    def action_answer_consent(self):
        self.check_access("read")
        self._check_can_answer()
        self._record_answer(self.env.user, "consent")
        return True

    def action_answer_stand_aside(self):
        self.check_access("read")
        self._check_can_answer()
        self._record_answer(self.env.user, "stand_aside")
        return True

    def action_answer_object(self):
        """Open the objection form: an objection needs its reasoning."""
        self.ensure_one()
        self.check_access("read")
        self._check_can_answer()
        return {
            "type": "ir.actions.act_window",
            "name": _("Objection"),
            "res_model": "coop.agreement.objection",
            "view_mode": "form",
            "views": [(self.env.ref("coop_circles.coop_agreement_objection_view_form_answer").id, "form")],
            "target": "new",
            "context": {"default_agreement_id": self.id},
        }

    def _on_objection(self, objection):
        """An objection stops the clock of an asynchronous round."""
        self.ensure_one()
        self._record_answer(objection.author_id, "object", reason=objection.reasoning, objection=objection)
        if self.consent_mode == "async" and not self.clock_stopped:
            self.sudo().write({"clock_stopped": True})
            self.sudo().message_post(
                body=_("An objection stopped the clock: the proposal goes to the circle's next meeting."),
                subtype_xmlid="mail.mt_note",
            )

    def _consent_required_users(self):
        """Who must have answered before the round closes: the members present in the meeting
        that consents, else the members asked."""
        self.ensure_one()
        if self.consent_meeting_id:
            return self.consent_meeting_id.present_ids
        return self.asked_user_ids

    def _register_decision(self, kind):
        """An entry of the circle's decision register for each consented agreement."""
        Decision = self.env["coop.circle.decision"].sudo()
        for rec in self:
            meeting = rec.consent_meeting_id
            if meeting:
                participants = meeting.present_ids
            else:
                participants = rec.answer_ids.user_id
            Decision.create(
                {
                    "name": rec.name,
                    "date": rec.consent_date or fields.Date.context_today(self),
                    "circle_id": rec.circle_id.id,
                    "kind": "election" if rec.election_id else kind,
                    "meeting_id": meeting.id,
                    "agreement_id": rec.id,
                    "proposal_id": rec.previous_id.id,
                    "participant_ids": [(6, 0, participants.ids)],
                    "text": rec.text,
                }
            )
            rec.election_id._on_consented()

    def action_consent(self):
        """Close the consent round: every member asked answered, no objection open."""
        self.check_access("write")
        self._check_state(("proposed",), _("consent to"))
        for rec in self:
            missing = rec._consent_required_users() - rec.answer_ids.user_id
            if missing:
                raise UserError(
                    _(
                        "The consent round on %(name)s is not over: %(members)s did not answer yet.",
                        name=rec.name,
                        members=", ".join(missing.mapped("name")),
                    )
                )
        res = super().action_consent()
        for rec in self:
            rec._register_decision("meeting" if rec.consent_meeting_id else "other")
        return res

    @api.model
    @in_job_lang
    def _cron_consent_deadline(self, now=None):
        """Remind the members who did not answer a working day before the deadline; accept the
        asynchronous proposals whose window ended with no objection. Run twice, it does nothing
        more: an accepted proposal is no longer ``proposed``."""
        now = now or fields.Datetime.now()
        running = self.search(
            [
                ("state", "=", "proposed"),
                ("consent_mode", "=", "async"),
                ("clock_stopped", "=", False),
                ("consent_deadline", "!=", False),
            ]
        )
        accepted = self.browse()
        for rec in running:
            if rec.consent_deadline <= now:
                if rec.answer_ids.filtered(lambda a: a.answer == "object") or rec.open_objection_count:
                    continue
                rec._accept_automatically()
                accepted |= rec
            elif not rec.reminder_sent and rec._reminder_due(now):
                rec._remind_pending()
        return accepted

    def _reminder_due(self, now):
        """A working day before the deadline."""
        self.ensure_one()
        calendar = self._working_calendar()
        start = calendar.plan_days(-1, pytz.utc.localize(self.consent_deadline), compute_leaves=True)
        if not start:
            return True
        return now >= start.astimezone(pytz.utc).replace(tzinfo=None)

    def _remind_pending(self):
        self.ensure_one()
        self.sudo().write({"reminder_sent": True})
        if self.pending_user_ids:
            self.sudo().message_post(
                body=_(
                    "Reminder: the objection window of this proposal ends on %(deadline)s. Not answered yet: %(members)s.",
                    deadline=fields.Datetime.to_string(self.consent_deadline),
                    members=", ".join(self.pending_user_ids.mapped("name")),
                ),
                partner_ids=self.pending_user_ids.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
                message_type="comment",
            )

    def _accept_automatically(self):
        self.ensure_one()
        today = fields.Date.context_today(self)
        values = {"state": "consented", "consent_date": today, "accepted_automatically": True}
        if not self.review_date or self.review_date <= today:
            values["review_date"] = today + timedelta(days=182)
        self.sudo().write(values)
        previous = self.previous_id.filtered(lambda a: a.state in ("consented", "to_review"))
        if previous:
            previous.sudo().write({"state": "retired"})
        self.sudo().activity_unlink(["coop_circles.mail_activity_type_consent_answer"])
        self._register_decision("async")
        self.sudo().message_post(
            body=_(
                "Accepted: no objection by the end of the objection window. Consented: %(consent)s; "
                "stood aside: %(aside)s; did not answer: %(pending)s.",
                consent=", ".join(
                    self.answer_ids.filtered(lambda a: a.answer == "consent").user_id.mapped("name")
                )
                or "-",
                aside=", ".join(
                    self.answer_ids.filtered(lambda a: a.answer == "stand_aside").user_id.mapped("name")
                )
                or "-",
                pending=", ".join(self.pending_user_ids.mapped("name")) or "-",
            ),
            partner_ids=self.asked_user_ids.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
        )
