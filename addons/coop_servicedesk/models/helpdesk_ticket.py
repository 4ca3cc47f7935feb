import logging
import re
from datetime import timedelta

from markupsafe import Markup
from odoo import Command, api, fields, models, tools
from odoo.addons.coop_base.tools import param_megabytes, selection_label
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html2plaintext

TELEGRAM_TEXT_MAX = 3500
DEFAULT_DUPLICATE_HOURS = 72.0
# reply and forward prefixes of mail clients (English and Russian) ignored when comparing subjects
DUPLICATE_PREFIX = re.compile(r"^(re|fw|fwd|отв|пересл|ответ)\s*(\[\d+\])?\s*:\s*", re.IGNORECASE)
# the requester's notifications, per event: mail templates an administrator edits
REQUESTER_TEMPLATES = {
    "taken": "coop_servicedesk.mail_template_ticket_taken",
    "waiting": "coop_servicedesk.mail_template_ticket_waiting",
    "done": "coop_servicedesk.mail_template_ticket_done",
    "stage": "coop_servicedesk.mail_template_ticket_stage",
}
DEFAULT_MAIL_ATTACHMENT_MB = 25.0
# tickets finished per run of the follow-up job (each in its own savepoint)
FOLLOWUP_BATCH = 20
# a ticket's follow-up waits this long, so that a burst of requests gets its answers first
FOLLOWUP_DELAY_SECONDS = 2

_logger = logging.getLogger(__name__)


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    coop_template_id = fields.Many2one(
        "coop.servicedesk.template",
        string="Template",
        ondelete="set null",
        index=True,
        domain="[('team_id', '=', team_id)]",
    )
    coop_bridge_request_uid = fields.Char(
        string="Bot request id",
        copy=False,
        readonly=True,
        index=True,
        help="Identifier of the Telegram request that created this ticket.",
    )
    coop_taken_date = fields.Datetime(string="Taken into work", copy=False, readonly=True, index=True)
    coop_audience = fields.Selection(related="team_id.coop_audience", store=True)
    coop_circle_id = fields.Many2one(related="team_id.coop_circle_id", string="Circle", store=True, index=True)
    coop_take_deadline = fields.Datetime(string="Take into work by", compute="_compute_coop_sla")
    coop_resolve_deadline = fields.Datetime(string="Resolve by", compute="_compute_coop_sla")
    coop_sla_state = fields.Selection(
        [
            ("none", "No SLA"),
            ("on_track", "On track"),
            ("paused", "Paused"),
            ("met", "Met"),
            ("breached", "Breached"),
        ],
        string="SLA status",
        compute="_compute_coop_sla",
    )
    coop_merged_into_id = fields.Many2one(
        "helpdesk.ticket",
        string="Merged into",
        copy=False,
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="This ticket was merged into that one: its conversation goes on there.",
    )
    coop_duplicate_candidate_ids = fields.Many2many(
        "helpdesk.ticket",
        string="Possible duplicates",
        compute="_compute_coop_duplicate_candidates",
        help="Open requests of the same requester with the same subject, filed within the "
        "duplicate window on any channel.",
    )
    coop_duplicate_candidate_count = fields.Integer(
        string="Number of possible duplicates", compute="_compute_coop_duplicate_candidates"
    )
    coop_resume_stage_id = fields.Many2one(
        "helpdesk.ticket.stage",
        string="Back to stage",
        copy=False,
        readonly=True,
        ondelete="set null",
        help="While the ticket waits for the client: the stage it returns to when he answers.",
    )

    coop_followup_pending = fields.Boolean(
        string="Follow-up pending",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="Filed by the bot: its followers, notifications, assignment and team chat post are "
        "still to be done by the follow-up job (once, retried until done).",
    )
    coop_sla_risk_notified = fields.Boolean(
        string="Assignee told of SLA at risk",
        copy=False,
        readonly=True,
        help="The assignee has been told in Telegram that this ticket's SLA deadline is near (once per ticket).",
    )

    _sql_constraints = [
        (
            "bridge_request_uid_unique",
            "unique(coop_bridge_request_uid)",
            "A bot request can create one ticket only.",
        ),
    ]

    # ------------------------------------------------------------------
    # SLA
    # ------------------------------------------------------------------
    @api.depends("ticket_sla_ids.deadline", "ticket_sla_ids.state", "stage_id")
    def _compute_coop_sla(self):
        """Deadlines per kind of SLA; the state reads helpdesk_mgmt_sla's ``sla_expired``."""
        for ticket in self:
            slas = ticket.ticket_sla_ids
            take = slas.filtered(lambda s: s.sla_id.coop_kind == "take")
            resolve = slas.filtered(lambda s: s.sla_id.coop_kind == "resolve")
            ticket.coop_take_deadline = min(take.mapped("deadline"), default=False)
            ticket.coop_resolve_deadline = min(resolve.mapped("deadline"), default=False)
            if not slas:
                ticket.coop_sla_state = "none"
            elif ticket.sla_expired:
                ticket.coop_sla_state = "breached"
            elif any(s.state == "on_hold" for s in slas):
                ticket.coop_sla_state = "paused"
            elif all(s.state == "accomplished" for s in slas):
                ticket.coop_sla_state = "met"
            else:
                ticket.coop_sla_state = "on_track"

    @api.model
    def _cron_coop_sla_risk(self):
        """Tell each assignee, once per ticket, that a running SLA of his ticket ends within
        ``coop_servicedesk.sla_risk_minutes`` (a paused or met SLA does not count)."""
        minutes = self.env["ir.config_parameter"].sudo().get_param("coop_servicedesk.sla_risk_minutes")
        try:
            minutes = int(minutes) if minutes else 60
        except ValueError:
            minutes = 60
        now = fields.Datetime.now()
        lines = (
            self.env["helpdesk.ticket.sla"]
            .sudo()
            .search(
                [
                    ("state", "=", "in_progress"),
                    ("deadline", "!=", False),
                    ("deadline", "<=", now + timedelta(minutes=max(minutes, 1))),
                    ("ticket_id.coop_sla_risk_notified", "=", False),
                    ("ticket_id.user_id", "!=", False),
                    ("ticket_id.closed", "=", False),
                ],
                order="deadline",
            )
        )
        tickets = lines.ticket_id
        for ticket in tickets:
            deadline = min(lines.filtered(lambda line, t=ticket: line.ticket_id == t).mapped("deadline"))
            ticket._coop_notify_sla_risk(deadline)
        tickets.write({"coop_sla_risk_notified": True})
        return len(tickets)

    def _coop_notify_sla_risk(self, deadline):
        self.ensure_one()
        user = self.user_id
        ticket = self.with_context(lang=user.lang or self.env.lang, tz=user.tz or "Europe/Moscow")
        when = tools.format_datetime(ticket.env, deadline, tz=user.tz or "Europe/Moscow", dt_format="short")
        text = ticket.env._(
            "SLA at risk: ticket %(number)s «%(name)s» must be done by %(deadline)s.\n"
            "Reply to this message to answer the requester.",
            number=self.number,
            name=self.name,
            deadline=when,
        )
        self._coop_queue_staff(user, "coop_telegram_notify_sla_risk", text)

    def _get_sla_ticket_domain(self):
        domain = super()._get_sla_ticket_domain()
        return domain + [
            "|",
            ("coop_priority", "=", False),
            ("coop_priority", "=", self.priority),
        ]

    # ------------------------------------------------------------------
    # templates
    # ------------------------------------------------------------------
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

    @api.model
    def _coop_apply_template(self, vals):
        tmpl = self.env["coop.servicedesk.template"].browse(vals["coop_template_id"])
        for key, value in tmpl._prepare_ticket_values().items():
            if key in ("team_id", "tag_ids", "category_id", "priority") and vals.get(key):
                continue  # explicit values win; a team mismatch fails the constraint
            vals[key] = value
        if not vals.get("name"):
            vals["name"] = tmpl.name
        if not vals.get("description") and tmpl.description:
            vals["description"] = tmpl.description

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        user = self.env["res.users"].browse(defaults.get("user_id"))
        if user and (not user._is_internal() or user._is_superuser()):
            # technical, portal or system accounts never become the assignee
            defaults["user_id"] = False
        if self._coop_is_member_only():
            # a member files his own request; the team assigns it
            defaults["user_id"] = False
            if "partner_id" in fields_list and not defaults.get("partner_id"):
                defaults["partner_id"] = self.env.user.partner_id.id
        return defaults

    # many2ones whose target feeds stored data (commercial partner, audience, circle) or
    # a sudo step (assignment, team chat): the caller must be able to read the target
    _COOP_CHECKED_M2O = {
        "partner_id": "res.partner",
        "team_id": "helpdesk.ticket.team",
        "coop_template_id": "coop.servicedesk.template",
    }

    def _coop_check_targets(self, vals):
        if self.env.su:
            return
        for fname, model in self._COOP_CHECKED_M2O.items():
            if vals.get(fname):
                self.env[model].browse(vals[fname]).check_access("read")

    @api.model_create_multi
    def create(self, vals_list):
        # helpdesk_mgmt takes the ticket's number before Odoo checks the right to create:
        # a caller without that right must not burn a number (a gap in the journal)
        self.check_access("create")
        for vals in vals_list:
            self._coop_check_targets(vals)
            self._coop_check_member_request(vals)
            if vals.get("coop_template_id"):
                self._coop_apply_template(vals)
            self._coop_default_team(vals)
            if not vals.get("channel_id") and not self.env.context.get("coop_mail_gateway"):
                vals["channel_id"] = self.env["ir.model.data"]._xmlid_to_res_id("coop_servicedesk.channel_internal")
            if "user_id" not in vals and vals.get("team_id"):
                team = self.env["helpdesk.ticket.team"].browse(vals["team_id"])
                if team.coop_assign_method != "manual":
                    # the team's rule decides, not the creator's self-assignment default
                    vals["user_id"] = False
        defer = bool(self.env.context.get("coop_defer_followup"))
        if defer:
            # what mail.thread does on create (followers, the creation message and its
            # notifications, the stage's mail template) and our assignment and Telegram posts
            # are left to _coop_followup: the bot's registration job calls it at once, in the
            # same transaction; a ticket left pending (filed by an earlier release, whose bot
            # created tickets this way) is finished by _coop_run_followups
            for vals in vals_list:
                vals["coop_followup_pending"] = True
            tickets = super(HelpdeskTicket, self.with_context(tracking_disable=True)).create(vals_list)
            tickets = tickets.with_env(self.env)
        else:
            tickets = super().create(vals_list)
        for ticket in tickets:
            if not defer:
                ticket._coop_after_create()
            if ticket.stage_id and not ticket.stage_id.unattended:
                ticket.coop_taken_date = ticket.create_date
            if ticket.stage_id.closed and not ticket.closed_date:
                # helpdesk_mgmt dates the closing on a change of stage only: a ticket
                # filed already done (imported, recorded afterwards) is closed now
                ticket.sudo().closed_date = ticket.create_date
        return tickets

    def _coop_after_create(self):
        """Assignment by the team's rule, the team chat post and the assignee's Telegram."""
        self.ensure_one()
        if not self.user_id and self.team_id:
            user = self.team_id._coop_pick_user(self)
            if user:
                team = self.team_id.sudo()
                if user not in team.user_ids:
                    # a circle role holder joins the team the first time it works it
                    team.user_ids = [Command.link(user.id)]
                self.user_id = user
                team.coop_last_assigned_id = user
        self._coop_post_to_team_chat()
        self._coop_notify_assignee()

    # ------------------------------------------------------------------
    # follow-up of the tickets filed by the bot
    # ------------------------------------------------------------------
    def _coop_followup(self):
        """What the creation of a ticket filed with ``coop_defer_followup`` left to do, in the
        order a plain create does it: mail.thread's followers, creation message (notifying the
        team's followers) and stage mail template; the requester follows the ticket; then the
        assignment, the team chat post and the assignee's Telegram."""
        self.ensure_one()
        ticket = self.sudo()
        tracked = ticket._track_get_fields()
        values = {}
        for fname in ("team_id", "user_id", "partner_id", "stage_id", "category_id", "channel_id", "company_id"):
            if ticket[fname]:
                values[fname] = ticket[fname].id
        ticket._message_auto_subscribe(values, followers_existing_policy="update")
        author = ticket.create_uid.partner_id
        subtype = ticket._creation_subtype()
        body = Markup('<div summary="o_mail_notification"><p>%s</p></div>') % ticket._creation_message()
        if subtype:
            ticket.message_post(subtype_id=subtype.id, author_id=author.id, body=body)
        else:
            ticket._message_log_batch(bodies={ticket.id: ticket._creation_message()})
        changes = [fname for fname in tracked if ticket[fname]]
        if changes:
            ticket._message_track_post_template(changes)
        if ticket.partner_id:
            ticket.message_subscribe(partner_ids=ticket.partner_id.ids)
        ticket._coop_after_create()

    @api.model
    def _coop_run_followups(self, limit=FOLLOWUP_BATCH, skip=(), min_age=0):
        """Do the pending follow-ups of up to ``limit`` tickets (not those in ``skip``); returns
        the ids done and the ids that failed. Only tickets created ``min_age`` seconds ago or
        earlier: a burst of requests gets its answers before the follow-ups take the CPU.

        Exactly once: a follow-up and the clearing of its flag are one transaction (a savepoint
        per ticket), and the ticket's row is locked (``FOR UPDATE SKIP LOCKED``) so that two
        runners (the cron, the bridge's claim) never take the same ticket; a follow-up that
        fails, or whose runner dies, is left pending and done by the next run."""
        self.flush_model(["coop_followup_pending"])
        self.env.cr.execute(
            """
            SELECT id FROM helpdesk_ticket
             WHERE coop_followup_pending AND NOT (id = ANY(%s)) AND create_date <= %s
             ORDER BY id
             LIMIT %s
               FOR UPDATE SKIP LOCKED
            """,
            [list(skip), fields.Datetime.now() - timedelta(seconds=min_age), limit],
        )
        done, failed = [], []
        for ticket in self.sudo().browse([row[0] for row in self.env.cr.fetchall()]):
            try:
                with self.env.cr.savepoint():
                    ticket._coop_followup()
                    ticket.coop_followup_pending = False
                    ticket.flush_recordset(["coop_followup_pending"])
                done.append(ticket.id)
            except Exception:
                _logger.exception("follow-up of ticket %s failed; it is retried on the next run", ticket.id)
                failed.append(ticket.id)
        return done, failed

    @api.model
    def _cron_coop_followups(self):
        """The follow-up job: a batch of pending tickets per run; the cron commits it and runs
        again at once while some are left (ir.cron's progress)."""
        Request = self.env["coop.telegram.ticket.request"].sudo()
        registered, left = Request._coop_register_pending()
        done, failed = self._coop_run_followups()
        remaining = Request.search_count([("state", "=", "pending"), ("id", "not in", left)])
        remaining += self.search_count([("coop_followup_pending", "=", True), ("id", "not in", failed)])
        self.env["ir.cron"]._notify_progress(done=len(registered) + len(done), remaining=remaining)
        return True

    def _coop_is_member_only(self):
        """An internal user who works on no team: he files his own back-office requests."""
        user = self.env.user
        return (
            not self.env.su
            and user._is_internal()
            and not user.has_group("helpdesk_mgmt.group_helpdesk_user_own")
        )

    @api.model
    def _coop_check_member_request(self, vals):
        """A member files a request for himself, to a back-office team, and does not route it:
        no other requester, no client team, no responsible, no stage."""
        if not self._coop_is_member_only():
            return
        me = self.env.user.partner_id
        vals.setdefault("partner_id", me.id)
        team = self.env["helpdesk.ticket.team"].browse(vals.get("team_id") or [])
        if vals.get("coop_template_id") and not team:
            team = self.env["coop.servicedesk.template"].browse(vals["coop_template_id"]).team_id
        if (
            vals["partner_id"] != me.id
            or vals.get("user_id")
            or vals.get("stage_id")
            or (team and team.sudo().coop_audience != "internal")
        ):
            raise AccessError(
                self.env._(
                    "You may file a request to a back-office team for yourself only; "
                    "its team sets the responsible and the stage."
                )
            )
        vals.pop("user_id", None)

    @api.model
    def _coop_default_team(self, vals):
        """A ticket never exists without a team: one nobody routed goes to triage
        (unless its responsible's team is to be taken, as helpdesk_mgmt does)."""
        if vals.get("team_id"):
            return
        user = self.env["res.users"].sudo().browse(vals.get("user_id") or [])
        if user.helpdesk_team_ids:
            return
        company = self.env["res.company"].browse(vals.get("company_id") or []) or self.env.company
        triage = self.env["helpdesk.ticket.team"].sudo()._coop_triage_team(company)
        if triage:
            vals["team_id"] = triage.id

    @api.constrains("team_id")
    def _check_coop_team(self):
        for ticket in self:
            if not ticket.team_id:
                raise ValidationError(
                    self.env._(
                        "Ticket %(name)s has no team. Choose the team that will handle it "
                        "(or mark a team as the triage team: unrouted requests land there).",
                        name=ticket.display_name,
                    )
                )

    def write(self, vals):
        self._coop_check_targets(vals)
        if vals.get("user_id"):
            reassigned = self.filtered(lambda t: t.user_id.id != vals["user_id"])
        if "stage_id" not in vals:
            res = super().write(vals)
            if vals.get("user_id"):
                reassigned._coop_notify_assignee()
            return res
        before = {t.id: t.stage_id for t in self}
        res = super().write(vals)
        now = fields.Datetime.now()
        for ticket in self:
            stage = ticket.stage_id
            if stage == before.get(ticket.id):
                continue
            newly_taken = not ticket.coop_taken_date and not stage.unattended
            if newly_taken:
                ticket.coop_taken_date = now
            ticket._coop_track_waiting(before.get(ticket.id))
            if not self.env.context.get("coop_resumed_by_client"):
                ticket._coop_notify_requester(newly_taken)
        if vals.get("user_id"):
            reassigned._coop_notify_assignee()
        return res

    # ------------------------------------------------------------------
    # waiting for the client
    # ------------------------------------------------------------------
    def _coop_track_waiting(self, previous):
        """Entering a waiting stage remembers where the ticket came from."""
        self.ensure_one()
        if self.stage_id.coop_waiting_client:
            if previous and not (previous.coop_waiting_client or previous.closed or previous.unattended):
                self.sudo().coop_resume_stage_id = previous
        elif self.coop_resume_stage_id:
            self.sudo().coop_resume_stage_id = False

    def _coop_is_client_message(self, message):
        """The requester (or a colleague of his company) wrote, not the team."""
        self.ensure_one()
        author = message.author_id.sudo()
        requester = self.partner_id.sudo()
        if author:
            if requester and author == requester:
                return True
            if any(user._is_internal() for user in author.user_ids):
                return False
            return bool(
                requester
                and requester.parent_id
                and author.commercial_partner_id == requester.commercial_partner_id
            )
        sender = tools.email_normalize(message.email_from or "")
        return bool(sender and sender == tools.email_normalize(self.partner_email or ""))

    def _coop_resume_stage(self):
        self.ensure_one()
        stage = self.coop_resume_stage_id
        if (
            stage
            and not stage.closed
            and not stage.coop_waiting_client
            and (not stage.team_ids or self.team_id in stage.team_ids)
        ):
            return stage
        return self.env["helpdesk.ticket.stage"].search(
            [
                "|",
                ("team_ids", "=", False),
                ("team_ids", "in", self.team_id.ids),
                ("closed", "=", False),
                ("unattended", "=", False),
                ("coop_waiting_client", "=", False),
            ],
            order="sequence, id",
            limit=1,
        )

    def _coop_resume_from_waiting(self):
        """The client answered: the ticket goes back to work and its SLA clock runs again
        (helpdesk_mgmt_sla resumes the SLAs on the change of stage)."""
        for ticket in self.sudo():
            if not ticket.stage_id.coop_waiting_client:
                continue
            stage = ticket._coop_resume_stage()
            if stage:
                ticket.with_context(coop_resumed_by_client=True).write({"stage_id": stage.id})

    # ------------------------------------------------------------------
    # notifications
    # ------------------------------------------------------------------
    def _coop_queue_telegram(self, partner, text, kind="notification", rating_token=False):
        self.ensure_one()
        links = (
            self.env["coop.telegram.link"]
            .sudo()
            .search([("partner_id", "=", partner.id), ("state", "=", "linked")])
        )
        Outbox = self.env["coop.telegram.outbox"].sudo()
        for chat in set(links.mapped("chat_id")):
            Outbox.create(
                {
                    "chat_id": chat,
                    "text": text[:TELEGRAM_TEXT_MAX],
                    "ticket_id": self.id,
                    "partner_id": partner.id,
                    "kind": kind,
                    "rating_token": rating_token,
                }
            )

    def _coop_requester_event(self, newly_taken=False):
        """What the requester is told on entering the current stage (False: nothing)."""
        self.ensure_one()
        stage = self.stage_id
        if not self.partner_id or not (stage.coop_notify_requester or stage.coop_waiting_client):
            return False
        if stage.closed:
            return "done"
        if stage.coop_waiting_client:
            return "waiting"
        return "taken" if newly_taken else "stage"

    def _coop_requester_template(self, event):
        """The stage's own template (helpdesk_mgmt) if it has one, else the event's."""
        self.ensure_one()
        return self.stage_id.mail_template_id or self.env.ref(
            REQUESTER_TEMPLATES[event], raise_if_not_found=False
        )

    def _coop_render_requester_template(self, template):
        """Subject, HTML body and the plain text of the body (for Telegram), rendered in the
        requester's language."""
        self.ensure_one()
        template = template.sudo()
        subject = template._render_field("subject", self.ids, compute_lang=True)[self.id] or ""
        body = template._render_field("body_html", self.ids, compute_lang=True)[self.id] or ""
        return {"subject": subject, "body": Markup(body), "text": html2plaintext(body).strip()}

    def _coop_notify_requester(self, newly_taken):
        """One message to the requester per event, from the event's mail template: one
        e-mail (the message notifies him) and the same text in Telegram when he is linked."""
        self.ensure_one()
        event = self._coop_requester_event(newly_taken)
        template = event and self._coop_requester_template(event)
        if not template:
            return
        rendered = self._coop_render_requester_template(template)
        partner = self.partner_id
        self.sudo().with_context(coop_no_bridge_echo=True).message_post(
            body=rendered["body"],
            subject=rendered["subject"],
            partner_ids=partner.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            email_layout_xmlid="mail.mail_notification_light",
        )
        if rendered["text"]:
            self._coop_queue_telegram(partner, rendered["text"])

    def _track_template(self, changes):
        """helpdesk_mgmt mails the stage's template on every change of stage; on the stages
        where the requester is notified by _coop_notify_requester (which uses that template
        then), that would be a second e-mail for the same event."""
        res = super()._track_template(changes)
        ticket = self[:1]
        if "stage_id" in res and ticket._coop_requester_event():
            del res["stage_id"]
        return res

    # ------------------------------------------------------------------
    # ratings (helpdesk_mgmt_rating)
    # ------------------------------------------------------------------
    def _rating_get_parent_field_name(self):
        # ratings are grouped by team (rating.rating's parent)
        return "team_id"

    def _send_ticket_rating_mail(self, force_send=False):
        """helpdesk_mgmt_rating mails the rating request; a requester linked to Telegram
        also gets it there, with the same token, as one-tap buttons."""
        res = super()._send_ticket_rating_mail(force_send=force_send)
        for ticket in self:
            template = ticket.stage_id.rating_mail_template_id
            partner = ticket.partner_id
            if ticket.rating_status != "stage_change" or not template or not partner:
                continue
            token = ticket.sudo()._rating_get_access_token(partner)
            subject = template.sudo()._render_field("subject", ticket.ids, compute_lang=True)[ticket.id]
            text = ticket.with_context(lang=partner.lang or self.env.lang).env._(
                "%(subject)s\nHow satisfied are you, from 1 to 5?", subject=subject or ticket.display_name
            )
            ticket._coop_queue_telegram(partner, text, kind="rating", rating_token=token)
        return res

    # ------------------------------------------------------------------
    # the staff's own Telegram (each kind switchable in the preferences)
    # ------------------------------------------------------------------
    def _coop_staff_chats(self, user, pref):
        if not user or not user[pref] or user == self.env.user or not user._is_internal():
            return []
        links = (
            self.env["coop.telegram.link"]
            .sudo()
            .search([("partner_id", "=", user.partner_id.id), ("state", "=", "linked")])
        )
        return sorted(set(links.mapped("chat_id")))

    def _coop_queue_staff(self, user, pref, text):
        self.ensure_one()
        Outbox = self.env["coop.telegram.outbox"].sudo()
        for chat in self._coop_staff_chats(user, pref):
            Outbox.create(
                {
                    "chat_id": chat,
                    "text": text[:TELEGRAM_TEXT_MAX],
                    "ticket_id": self.id,
                    "partner_id": user.partner_id.id,
                    "kind": "staff",
                }
            )

    def _coop_notify_assignee(self):
        for ticket in self.sudo():
            user = ticket.user_id
            if not user:
                continue
            text = ticket.with_context(lang=user.lang or self.env.lang).env._(
                "Ticket %(number)s «%(name)s» is assigned to you.\nFrom: %(requester)s\n"
                "Reply to this message to answer the requester.",
                number=ticket.number,
                name=ticket.name,
                requester=ticket.partner_id.name or ticket.partner_email or "-",
            )
            ticket._coop_queue_staff(user, "coop_telegram_notify_assigned", text)

    def _coop_notify_assignee_of_reply(self, message):
        self.ensure_one()
        user = self.sudo().user_id
        body = html2plaintext(message.body or "").strip()
        if not user or not body:
            return
        text = self.with_context(lang=user.lang or self.env.lang).env._(
            "%(requester)s replied on %(number)s «%(name)s»:\n%(body)s",
            requester=message.author_id.sudo().name or message.email_from or "-",
            number=self.number,
            name=self.name,
            body=body,
        )
        self.sudo()._coop_queue_staff(user, "coop_telegram_notify_client_reply", text)

    def _coop_post_to_team_chat(self):
        self.ensure_one()
        chat = self.team_id.coop_telegram_chat_id
        if not chat:
            return
        text = self.env._(
            "New ticket %(number)s: %(name)s\nFrom: %(requester)s\nPriority: %(priority)s",
            number=self.number,
            name=self.name,
            requester=self.partner_id.name or self.partner_email or "-",
            priority=selection_label(self, "priority"),
        )
        if self.user_id:
            text += "\n" + self.env._("Assigned to: %s", self.user_id.name)
        self.env["coop.telegram.outbox"].sudo().create(
            {"chat_id": chat, "text": text, "ticket_id": self.id, "kind": "team_chat"}
        )

    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        if (
            len(self) == 1
            and not self.env.context.get("coop_no_bridge_echo")
            and message.message_type == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and self.partner_id
            and message.author_id != self.partner_id
            and any(u._is_internal() for u in message.author_id.sudo().user_ids)
        ):
            body = html2plaintext(message.body or "").strip()
            if body:
                partner = self.partner_id
                text = self.with_context(lang=partner.lang or self.env.lang).env._(
                    "Reply on %(number)s «%(name)s»:\n%(body)s",
                    number=self.number,
                    name=self.name,
                    body=body,
                )
                self._coop_queue_telegram(partner, text)
        if (
            len(self) == 1
            and message.message_type in ("comment", "email")
            and not message.subtype_id.internal
            and self._coop_is_client_message(message)
        ):
            self._coop_notify_assignee_of_reply(message)
            if self.sudo().stage_id.coop_waiting_client:
                self._coop_resume_from_waiting()
        return message

    # ------------------------------------------------------------------
    # mail gateway
    # ------------------------------------------------------------------
    @api.model
    def message_new(self, msg, custom_values=None):
        values = dict(custom_values or {})
        team = self.env["helpdesk.ticket.team"].browse(values.get("team_id"))
        author = self.env["res.partner"].browse(msg.get("author_id") or [])
        unknown = not author or (
            team.coop_audience == "client" and author.commercial_partner_id not in team.coop_client_partner_ids
        )
        if unknown:
            triage = self.env["helpdesk.ticket.team"]._coop_triage_team(team.company_id or self.env.company)
            if triage:
                values["team_id"] = triage.id
        values.setdefault("channel_id", self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email").id)
        email_from = msg.get("email_from") or ""
        emails = tools.email_split(email_from)
        if emails:
            values.setdefault("partner_email", emails[0])
            name = tools.parse_contact_from_email(email_from)[0]
            values.setdefault("partner_name", name or emails[0])
        dropped = self._coop_screen_mail_attachments(msg)
        ticket = super(HelpdeskTicket, self.with_context(coop_mail_gateway=True)).message_new(
            msg, custom_values=values
        )
        ticket._coop_note_dropped_attachments(dropped)
        return ticket

    def message_update(self, msg, update_vals=None):
        # the mail gateway calls it as superuser; over RPC it must not let a caller who may not
        # change the ticket subscribe the mail's addressees to it
        if not self.env.su:
            self.check_access("write")
        dropped = self._coop_screen_mail_attachments(msg)
        res = super().message_update(msg, update_vals=update_vals)
        for ticket in self:
            ticket._coop_note_dropped_attachments(dropped)
        return res

    @api.model
    def _coop_mail_attachment_limit(self):
        """Largest attachment accepted from incoming mail, in bytes (0: no limit)."""
        return param_megabytes(self.env, "coop_servicedesk.mail_attachment_max_mb", DEFAULT_MAIL_ATTACHMENT_MB)

    @api.model
    def _coop_screen_mail_attachments(self, msg):
        """Take oversized and undecodable attachments out of an incoming mail.

        The mail keeps its body and its good attachments; returns the dropped
        ones as (file name, reason) pairs."""
        attachments = msg.get("attachments") or []
        if not attachments:
            return []
        limit = self._coop_mail_attachment_limit()
        keep, dropped = [], []
        for attachment in attachments:
            name, content = attachment[0], attachment[1]
            info = (attachment[2] if len(attachment) > 2 else None) or {}
            size = len(content.encode() if isinstance(content, str) else content or b"")
            if info.get("coop_undecodable"):
                dropped.append(
                    (
                        name,
                        self.env._("the file is damaged or its encoding is unknown, it could not be decoded"),
                    )
                )
            elif limit and size > limit:
                dropped.append(
                    (
                        name,
                        self.env._(
                            "%(size)s is over the limit of %(limit)s",
                            size=self._coop_human_size(size),
                            limit=self._coop_human_size(limit),
                        ),
                    )
                )
            else:
                keep.append(attachment)
        msg["attachments"] = keep
        return dropped

    @api.model
    def _coop_human_size(self, size):
        if size >= 1024 * 1024:
            return self.env._("%s MB", round(size / (1024 * 1024), 1))
        if size >= 1024:
            return self.env._("%s KB", round(size / 1024, 1))
        return self.env._("%s bytes", size)

    def _coop_note_dropped_attachments(self, dropped):
        self.ensure_one()
        if not dropped:
            return
        items = Markup("").join(
            Markup("<li><b>%s</b>: %s</li>") % (name or self.env._("unnamed file"), reason)
            for name, reason in dropped
        )
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._("These attachments of the incoming email were not stored:"),
            items,
        )
        self.with_context(coop_no_bridge_echo=True).message_post(
            body=body,
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )

    # ------------------------------------------------------------------
    # possible duplicates (merged with OCA helpdesk_mgmt_merge)
    # ------------------------------------------------------------------
    @api.model
    def _coop_subject_key(self, subject):
        subject = (subject or "").strip().lower()
        previous = None
        while previous != subject:
            previous = subject
            subject = DUPLICATE_PREFIX.sub("", subject).strip()
        return " ".join(re.sub(r"[^\w\s]", " ", subject).split())

    @api.model
    def _coop_duplicate_window(self):
        param = self.env["ir.config_parameter"].sudo().get_param("coop_servicedesk.duplicate_window_hours")
        try:
            return max(float(param), 0.0) if param not in (None, False, "") else DEFAULT_DUPLICATE_HOURS
        except ValueError:
            return DEFAULT_DUPLICATE_HOURS

    @api.depends_context("uid")
    def _compute_coop_duplicate_candidates(self):
        window = timedelta(hours=self._coop_duplicate_window())
        for ticket in self:
            found = self.browse()
            key = self._coop_subject_key(ticket.name)
            if ticket.id and key and window and not ticket.closed and ticket.create_date:
                if ticket.partner_id:
                    requester = [("partner_id", "=", ticket.partner_id.id)]
                elif ticket.partner_email:
                    requester = [("partner_email", "=ilike", ticket.partner_email)]
                else:
                    requester = None
                if requester:
                    # as the caller: only tickets he may read are offered
                    found = self.search(
                        requester
                        + [
                            ("id", "!=", ticket.id),
                            ("closed", "=", False),
                            ("create_date", ">=", ticket.create_date - window),
                            ("create_date", "<=", ticket.create_date + window),
                        ],
                        limit=20,
                    ).filtered(lambda t, key=key: self._coop_subject_key(t.name) == key)
            ticket.coop_duplicate_candidate_ids = found
            ticket.coop_duplicate_candidate_count = len(found)

    def action_coop_merge_duplicates(self):
        """Open helpdesk_mgmt_merge's wizard on this ticket and its possible duplicates,
        this one surviving."""
        self.ensure_one()
        self.check_access("write")
        tickets = self | self.coop_duplicate_candidate_ids
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Merge possible duplicates"),
            "res_model": "helpdesk.ticket.merge",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "active_model": "helpdesk.ticket",
                "active_ids": tickets.ids,
                "default_dst_ticket_id": self.id,
            },
        }

    # ------------------------------------------------------------------
    # helpdesk_mgmt's public actions: refused on a ticket the caller cannot read
    # ------------------------------------------------------------------
    def action_open_duplicate_wizard(self):
        self.check_access("write")
        return super().action_open_duplicate_wizard()

    def action_view_duplicates(self):
        self.check_access("read")
        return super().action_view_duplicates()

    def action_view_ticket_rating(self):
        self.check_access("read")
        return super().action_view_ticket_rating()

    # ------------------------------------------------------------------
    # knowledge base
    # ------------------------------------------------------------------
    def _coop_last_answer(self):
        self.ensure_one()
        comment = self.env.ref("mail.mt_comment")
        messages = self.message_ids.filtered(
            lambda m: m.subtype_id == comment
            and m.message_type == "comment"
            and m.author_id != self.partner_id
            and html2plaintext(m.body or "").strip()
        )
        return messages.sorted("id")[-1:]

    def action_create_article(self):
        self.ensure_one()
        self.check_access("write")
        answer = self._coop_last_answer()
        if not answer:
            raise UserError(self.env._("This ticket has no reply to the requester to turn into an article."))
        article = self.env["coop.servicedesk.article"].create(
            {
                "name": self.name,
                "body": answer.body,
                "team_id": self.team_id.id,
                "category_id": self.category_id.id,
                "keywords": ", ".join(self.tag_ids.mapped("name")),
                "source_ticket_id": self.id,
            }
        )
        return article._get_records_action()
