from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.exceptions import UserError

# calendar days after the deadline an overdue appeal is escalated to the organisation's chairman
ESCALATION_DAYS = 3


class CoopUnionAppeal(models.Model):
    """Control of the appeals (overdue ones remind their responsible and escalate to the
    chairman) and their answer (an outgoing document; the applicant is told by his channel)."""

    _inherit = "coop.union.appeal"

    applicant_email = fields.Char(
        compute="_compute_applicant_email", help="The e-mail address the applicant is answered at, if any."
    )

    @api.depends("applicant_contact", "partner_id.email", "member_id.email")
    def _compute_applicant_email(self):
        for appeal in self:
            appeal.applicant_email = (
                tools.email_normalize(appeal.applicant_contact or "")
                or tools.email_normalize(appeal.sudo().partner_id.email or "")
                or tools.email_normalize(appeal.sudo().member_id.email or "")
                or False
            )

    # ------------------------------------------------------------------ control

    @api.model
    def _cron_coop_overdue_appeals(self):
        """Hourly: every appeal not answered by its deadline is marked overdue, its responsible
        gets one activity and, ``coop_union.appeal_escalation_days`` later, the chairman of its
        organisation gets one too. Flags on the appeal make every step happen once."""
        today = fields.Date.context_today(self)
        now = fields.Datetime.now()
        param = self.env["ir.config_parameter"].sudo().get_param("coop_union.appeal_escalation_days")
        escalation_days = int(param) if param and str(param).isdigit() else ESCALATION_DAYS
        appeals = self.sudo().search(
            [
                ("state", "in", ("new", "in_progress")),
                ("deadline", "!=", False),
                ("deadline", "<", today),
                "|",
                ("overdue_activity_date", "=", False),
                ("escalation_date", "=", False),
            ]
        )
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        for appeal in appeals:
            vals = {"is_overdue": True}
            if not appeal.overdue_activity_date:
                user = appeal._coop_overdue_responsible()
                if user:
                    appeal.activity_schedule(
                        activity_type_id=todo.id if todo else False,
                        date_deadline=today,
                        summary=self.env._("Overdue appeal: answer it"),
                        note=self.env._(
                            "Appeal %(appeal)s was to be answered by %(deadline)s.",
                            appeal=appeal.name,
                            deadline=tools.format_date(self.env, appeal.deadline),
                        ),
                        user_id=user.id,
                    )
                vals["overdue_activity_date"] = now
            if not appeal.escalation_date and appeal.deadline + timedelta(days=escalation_days) <= today:
                chairman = appeal._coop_escalation_user()
                if chairman:
                    appeal.activity_schedule(
                        activity_type_id=todo.id if todo else False,
                        date_deadline=today,
                        summary=self.env._("Overdue appeal escalated to the chairman"),
                        note=self.env._(
                            "Appeal %(appeal)s of %(org)s was to be answered by %(deadline)s and is not answered yet.",
                            appeal=appeal.name,
                            org=appeal.organization_id.complete_name,
                            deadline=tools.format_date(self.env, appeal.deadline),
                        ),
                        user_id=chairman.id,
                    )
                    appeal.message_post(
                        body=self.env._("Overdue: escalated to %s.", chairman.name),
                        message_type="comment",
                        subtype_xmlid="mail.mt_note",
                    )
                vals["escalation_date"] = now
            appeal.write(vals)
        self._coop_forget_sources()
        return True

    @api.model
    def _coop_forget_sources(self):
        """The web form's rate limit needs the hashed address of an appeal for an hour: it is
        not kept longer than a day."""
        since = fields.Datetime.now() - timedelta(days=1)
        self.sudo().search([("source_key", "!=", False), ("create_date", "<", since)]).write(
            {"source_key": False}
        )

    def _coop_overdue_responsible(self):
        """The appeal's responsible, else who is in charge of its organisation's appeals."""
        self.ensure_one()
        user = self.user_id
        if user and user.active and not user.share:
            return user
        return self.organization_id._coop_appeal_responsible()

    def _coop_escalation_user(self):
        """The organisation's chairman: the user of the chairing member's contact, else the
        chairman of the organisation's office."""
        self.ensure_one()
        org = self.organization_id.sudo()
        users = org.chairman_id.partner_id.user_ids.filtered(lambda u: u.active and not u.share)
        if users:
            return users[:1]
        return org._coop_office().chairman_id

    # ------------------------------------------------------------------ answer

    def action_create_answer(self):
        """Create the outgoing document that answers the appeal, in the office of its
        organisation, addressed to the applicant."""
        self.ensure_one()
        self.check_access("write")
        if self.answer_document_id:
            raise UserError(
                self.env._(
                    "Appeal %(appeal)s is already answered by %(doc)s.",
                    appeal=self.name,
                    doc=self.answer_document_id.display_name,
                )
            )
        if not (self.answer or "").strip():
            raise UserError(self.env._("Write the answer to appeal %s first.", self.name))
        if self.state not in ("new", "in_progress"):
            raise UserError(self.env._("Appeal %s is not open.", self.name))
        Document = self.env["coop.document"].sudo()
        recipient = self.partner_id or self.member_id.partner_id or self._document_sender()
        vals = {
            "title": self.env._("Answer to appeal %s", self.name),
            "doc_type": "outgoing",
            "summary": self.answer,
            "body": tools.plaintext2html(self.answer),
            "recipient_ids": [fields.Command.set(recipient.ids)],
            "medium": "electronic" if self.channel in ("email", "web", "portal", "telegram") else "paper",
        }
        office = self.organization_id._coop_office()
        if office and "office_id" in Document._fields:
            vals["office_id"] = office.id
        document = Document.create(vals)
        self.sudo().write(
            {"answer_document_id": document.id, "state": "in_progress" if self.state == "new" else self.state}
        )
        self.message_post(
            body=self.env._("Answer document %s created.", document.display_name),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return document._get_records_action()

    def action_open_answer_document(self):
        self.ensure_one()
        self.check_access("read")
        return self.answer_document_id._get_records_action()

    def _coop_answered(self):
        """The appeal is answered (marked so, or its answer document dispatched): the answer's
        date is kept, a late answer stays overdue, and the applicant is told, once."""
        today = fields.Date.context_today(self)
        for appeal in self.sudo():
            vals = {}
            if not appeal.answer_date:
                vals["answer_date"] = today
                if appeal.deadline and today > appeal.deadline:
                    vals["is_overdue"] = True
            if appeal.state in ("new", "in_progress"):
                vals["state"] = "answered"
            if vals:
                appeal.write(vals)
            if not appeal.applicant_notified_date and appeal._coop_notify_applicant():
                appeal.applicant_notified_date = fields.Datetime.now()

    def _coop_notify_applicant(self):
        """Tell the applicant the answer by the channel his appeal came from. Returns whether
        he was told."""
        self.ensure_one()
        if self.channel == "telegram" and self._coop_notify_applicant_telegram():
            return True
        if self.channel == "portal" and self.partner_id:
            self.message_post(
                body=tools.plaintext2html(self.answer or self.env._("Your appeal is answered.")),
                partner_ids=self.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            return True
        if self.channel in ("email", "web", "portal", "telegram") and self.applicant_email:
            template = self.env.ref("coop_union.mail_template_appeal_answer")
            template.sudo().send_mail(self.id, email_layout_xmlid="mail.mail_notification_light")
            self.message_post(
                body=self.env._("The answer was sent to %s.", self.applicant_email),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            return True
        return False

    def _coop_notify_applicant_telegram(self):
        """Send the answer to the applicant's Telegram chat. The Telegram channel implements
        it; returns whether the message was queued (here: never, so e-mail is tried next)."""
        return False
