import logging

from odoo import api, fields, models
from odoo.addons.coop_base.tools import in_job_lang

_logger = logging.getLogger(__name__)


class CoopUnionGreeting(models.Model):
    """A birthday greeting sent to a member: one a year at most (unique member and year). The
    row is inserted before the greeting is queued, in the same transaction: a second run of the
    job (or a second worker) finds it and sends nothing."""

    _name = "coop.union.greeting"
    _description = "Birthday Greeting"
    _inherit = ["coop.union.scoped"]
    _order = "date desc, id desc"
    _rec_name = "member_id"

    member_id = fields.Many2one(
        "coop.union.member", string="Member", required=True, readonly=True, index=True, ondelete="cascade"
    )
    organization_id = fields.Many2one(
        "coop.union.organization", string="From", required=True, readonly=True, ondelete="cascade"
    )
    organization_path = fields.Char(readonly=True, index="btree_not_null")
    year = fields.Integer(required=True, readonly=True)
    date = fields.Date(required=True, readonly=True)
    channel = fields.Selection([("sms", "SMS"), ("email", "E-mail")], required=True, readonly=True)
    sms_id = fields.Many2one("sms.sms", string="SMS", readonly=True, ondelete="set null")
    mail_id = fields.Many2one("mail.mail", string="E-mail", readonly=True, ondelete="set null")
    body = fields.Text(readonly=True)

    _sql_constraints = [
        ("member_year_unique", "unique(member_id, year)", "A member is greeted once a year."),
    ]

    @api.model
    def _coop_greeting_channel(self, member, channel_by_org):
        """The channel a member is greeted by, or False: his organisation's choice, his consent
        to greetings and to that channel, and no opt-out of his number or address."""
        org = member.organization_id
        if org.id not in channel_by_org:
            channel_by_org[org.id] = org._coop_birthday_greeting()
        channel = channel_by_org[org.id]
        if channel == "sms":
            if not (member.consent_sms and member.sms_valid) or member.phone_sanitized_blacklisted:
                return False
            return "sms"
        if channel == "email":
            if not (member.consent_email and member.email_normalized) or member.is_blacklisted:
                return False
            return "email"
        return False

    @api.model
    @in_job_lang
    def _cron_birthday_greetings(self):
        """Greet the members whose birthday is today, from their organisation."""
        Member = self.env["coop.union.member"].sudo()
        today = fields.Date.context_today(self)
        stale = Member.search([("birthdate", "!=", False), ("next_birthday", "<", today)])
        stale._compute_next_birthday()
        members = Member.search(
            [("next_birthday", "=", today), ("state", "=", "member"), ("consent_greeting", "=", True)]
        )
        channel_by_org = {}
        greeted = self.browse()
        for member in members:
            channel = self._coop_greeting_channel(member, channel_by_org)
            if not channel:
                continue
            self.env.cr.execute(
                """INSERT INTO coop_union_greeting (member_id, organization_id, organization_path, year, date,
                                                    channel, create_uid, create_date, write_uid, write_date)
                   VALUES (%s, %s, %s, %s, %s, %s, %s, now() at time zone 'UTC', %s, now() at time zone 'UTC')
                   ON CONFLICT (member_id, year) DO NOTHING RETURNING id""",
                [
                    member.id,
                    member.organization_id.id,
                    member.organization_path,
                    today.year,
                    today,
                    channel,
                    self.env.uid,
                    self.env.uid,
                ],
            )
            row = self.env.cr.fetchone()
            if not row:
                continue  # greeted already this year
            greeting = self.sudo().browse(row[0])
            greeting._coop_send(member)
            greeted |= greeting
        if greeted:
            _logger.info("Birthday greetings queued: %s", len(greeted))
        return greeted

    def _coop_send(self, member):
        self.ensure_one()
        if self.channel == "sms":
            template = self.env.ref("coop_union.sms_template_birthday_greeting")
            body = template._render_field("body", member.ids, compute_lang=True)[member.id]
            sms = (
                self.env["sms.sms"]
                .sudo()
                .create(
                    {
                        "number": member.sms_number,
                        "body": body,
                        "partner_id": member.partner_id.id,
                        "coop_unlink_sent": False,
                    }
                )
            )
            # queued: the SMS job hands it to the gateway, at most once
            self.env.ref("sms.ir_cron_sms_scheduler_action").sudo()._trigger()
            self.write({"sms_id": sms.id, "body": body})
        else:
            template = self.env.ref("coop_union.mail_template_birthday_greeting")
            mail_id = template.sudo().send_mail(member.id, email_layout_xmlid="mail.mail_notification_light")
            mail = self.env["mail.mail"].sudo().browse(mail_id)
            self.write({"mail_id": mail_id, "body": mail.body_html})
