from markupsafe import Markup
from odoo import Command, api, fields, models, tools
from odoo.addons.coop_base.tools import param_megabytes, selection_label
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext

TELEGRAM_TEXT_MAX = 3500
DEFAULT_MAIL_ATTACHMENT_MB = 25.0


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
        [("none", "No SLA"), ("on_track", "On track"), ("met", "Met"), ("breached", "Breached")],
        string="SLA status",
        compute="_compute_coop_sla",
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
            elif all(s.state == "accomplished" for s in slas):
                ticket.coop_sla_state = "met"
            else:
                ticket.coop_sla_state = "on_track"

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
        internal_channel = self.env.ref("coop_servicedesk.channel_internal")
        for vals in vals_list:
            self._coop_check_targets(vals)
            if vals.get("coop_template_id"):
                self._coop_apply_template(vals)
            self._coop_default_team(vals)
            if not vals.get("channel_id") and not self.env.context.get("coop_mail_gateway"):
                vals["channel_id"] = internal_channel.id
            if "user_id" not in vals and vals.get("team_id"):
                team = self.env["helpdesk.ticket.team"].browse(vals["team_id"])
                if team.coop_assign_method != "manual":
                    # the team's rule decides, not the creator's self-assignment default
                    vals["user_id"] = False
        tickets = super().create(vals_list)
        for ticket in tickets:
            if not ticket.user_id and ticket.team_id:
                user = ticket.team_id._coop_pick_user(ticket)
                if user:
                    team = ticket.team_id.sudo()
                    if user not in team.user_ids:
                        # a circle role holder joins the team the first time it works it
                        team.user_ids = [Command.link(user.id)]
                    ticket.user_id = user
                    team.coop_last_assigned_id = user
            ticket._coop_post_to_team_chat()
            if ticket.stage_id and not ticket.stage_id.unattended:
                ticket.coop_taken_date = ticket.create_date
            if ticket.stage_id.closed and not ticket.closed_date:
                # helpdesk_mgmt dates the closing on a change of stage only: a ticket
                # filed already done (imported, recorded afterwards) is closed now
                ticket.sudo().closed_date = ticket.create_date
        return tickets

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
        if "stage_id" not in vals:
            return super().write(vals)
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
            if stage.coop_notify_requester:
                ticket._coop_notify_requester(newly_taken)
        return res

    # ------------------------------------------------------------------
    # notifications
    # ------------------------------------------------------------------
    def _coop_queue_telegram(self, partner, text, kind="notification"):
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
                }
            )

    def _coop_notify_requester(self, newly_taken):
        self.ensure_one()
        partner = self.partner_id
        if not partner:
            return
        me = self.with_context(lang=partner.lang or self.env.lang)
        if self.stage_id.closed:
            text = me.env._(
                "Your request %(number)s «%(name)s» is done (%(stage)s).",
                number=self.number,
                name=self.name,
                stage=self.stage_id.name,
            )
        elif newly_taken:
            text = me.env._(
                "Your request %(number)s «%(name)s» has been taken into work.",
                number=self.number,
                name=self.name,
            )
        else:
            text = me.env._(
                "Your request %(number)s «%(name)s» is now at stage: %(stage)s.",
                number=self.number,
                name=self.name,
                stage=self.stage_id.name,
            )
        self.sudo().with_context(coop_no_bridge_echo=True).message_post(
            body=Markup("<p>%s</p>") % text,
            partner_ids=partner.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self._coop_queue_telegram(partner, text)

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
    # helpdesk_mgmt's public actions: refused on a ticket the caller cannot read
    # ------------------------------------------------------------------
    def action_open_duplicate_wizard(self):
        self.check_access("write")
        return super().action_open_duplicate_wizard()

    def action_view_duplicates(self):
        self.check_access("read")
        return super().action_view_duplicates()

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
