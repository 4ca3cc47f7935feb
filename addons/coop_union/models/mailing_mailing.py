import logging
import re
import threading
import uuid

from odoo import api, fields, models
from odoo.addons.coop_base.tools import param_int
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools.mail import TEXT_URL_REGEX
from psycopg2.extras import execute_values

_logger = logging.getLogger(__name__)

# recipients per committed chunk of a mass SMS (Odoo's composer takes them as a literal list)
SMS_CHUNK = 2000
SCOPED_MODELS = ("coop.union.member", "res.partner", "mailing.contact")
# what decides who receives a mailing, or sends it
RECIPIENT_FIELDS = {
    "mailing_model_id",
    "mailing_domain",
    "mailing_filter_id",
    "contact_list_ids",
    "user_id",
    "state",
    "schedule_type",
    "schedule_date",
    "coop_union_organization_id",
}


class MailingMailing(models.Model):
    _name = "mailing.mailing"
    _inherit = ["mailing.mailing", "coop.union.mailing.owned"]

    coop_scope_user_id = fields.Many2one(
        "res.users",
        string="Recipients Chosen By",
        readonly=True,
        copy=False,
        help="Last user who chose the recipients of the mailing or sent it. Recipients who are union "
        "members or contacts are limited to those this user, the responsible and the sender may read.",
    )

    # ------------------------------------------------------------------ scope
    def _coop_privileged(self):
        """Users who may give a mailing on members or contacts to another responsible."""
        user = self.env.user
        return (
            self.env.su
            or user._is_superuser()
            or user._is_system()
            or user.has_group("coop_union.group_union_federation")
        )

    def _coop_check_responsible(self, vals, models):
        """The responsible of a mailing on members or contacts decides whose scope limits its
        recipients and who reads its traces (numbers and addresses): outside the federation's
        staff, a user cannot hand his mailing to someone else nor take over another's."""
        if self._coop_privileged() or "user_id" not in vals:
            return
        if not any(model in SCOPED_MODELS for model in models):
            return
        new = vals["user_id"] or False
        if new and new != self.env.uid:
            raise AccessError(
                self.env._(
                    "Only the federation's staff may make someone else responsible for a mailing to members or contacts."
                )
            )
        for mailing in self:
            if mailing.user_id and mailing.user_id != self.env.user and new != mailing.user_id.id:
                raise AccessError(
                    self.env._(
                        "Mailing %(mailing)s is the responsibility of %(user)s: only the federation's staff may "
                        "change its responsible.",
                        mailing=mailing.subject,
                        user=mailing.user_id.name,
                    )
                )

    @api.model
    def _coop_vals_models(self, vals, default=False):
        model_id = vals.get("mailing_model_id")
        if not model_id and default:
            model_id = self.default_get(["mailing_model_id"]).get("mailing_model_id")
        return {self.env["ir.model"].sudo().browse(model_id).model} if model_id else set()

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._coop_check_responsible(vals, self._coop_vals_models(vals, default=True))
            vals_list = [dict(vals, coop_scope_user_id=self.env.uid) for vals in vals_list]
        elif any("coop_scope_user_id" in vals for vals in vals_list):
            vals_list = [{k: v for k, v in vals.items() if k != "coop_scope_user_id"} for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            models = set(self.mapped("mailing_model_real")) | self._coop_vals_models(vals)
            self._coop_check_responsible(vals, models)
            if "coop_scope_user_id" in vals or RECIPIENT_FIELDS & set(vals):
                vals = dict(vals, coop_scope_user_id=self.env.uid)
        return super().write(vals)

    def copy_data(self, default=None):
        # a copy belongs to who makes it
        default = dict(default or {})
        if not self.env.su and "user_id" not in default:
            default["user_id"] = self.env.uid
        return super().copy_data(default=default)

    def _coop_scope_users(self):
        """Users whose read access limits the recipients: the responsible (or the author), the
        last user who chose the recipients or sent the mailing, and the user sending it now."""
        self.ensure_one()
        users = (self.user_id or self.create_uid) | self.coop_scope_user_id
        if not self.env.su:
            users |= self.env.user
        return users.filtered(lambda user: not user._is_superuser())

    def _get_recipients_domain(self):
        """Recipients of a mailing on members or contacts are limited to what its responsible,
        the user who chose its recipients and the user sending it may all read (a primary
        organisation's staff reach their own members only), and members reach only through
        the channels they consented to."""
        domain = super()._get_recipients_domain()
        model = self.mailing_model_real
        if model == "coop.union.member":
            domain = expression.AND(
                [domain, self.env["coop.union.member"]._coop_mailing_consent_domain(self.mailing_type)]
            )
        elif model == "mailing.contact":
            domain = expression.AND([domain, self._coop_confirmed_contacts_domain()])
        if model in SCOPED_MODELS:
            for user in self._coop_scope_users():
                rule_domain = self.env["ir.rule"].with_user(user).sudo(False)._compute_domain(model, "read")
                if rule_domain:
                    domain = expression.AND([domain, rule_domain])
        return domain

    def _coop_confirmed_contacts_domain(self):
        """Contacts of mailing lists receive a list's mailing only through a subscription that
        is not opted out and, on a list with double opt-in, was confirmed by the person (a
        confirmation asked for stays awaited even if the list drops double opt-in later)."""
        self.ensure_one()
        return [
            (
                "subscription_ids",
                "any",
                [
                    ("list_id", "in", self.contact_list_ids.ids),
                    ("opt_out", "=", False),
                    "|",
                    ("coop_confirmed_date", "!=", False),
                    "&",
                    ("list_id.coop_double_optin", "=", False),
                    ("coop_confirmation_sent", "=", False),
                ],
            )
        ]

    def action_send_sms(self, res_ids=None):
        """Queue a mass SMS in bounded chunks, each committed when run by the mailing cron.

        Odoo hands every recipient id to one composer in one transaction, which fails for a
        federation's 254,000 members. Here each chunk creates its SMS and traces and is
        committed; a crash resumes with the remaining recipients (``_get_remaining_recipients``
        skips those already traced).
        """
        commit = self.env.context.get("coop_mailing_commit") and not getattr(
            threading.current_thread(), "testing", False
        )
        self._coop_check_send()
        for mailing in self:
            ids = mailing._coop_allowed_ids(res_ids) if res_ids else mailing._get_remaining_recipients()
            if not ids:
                continue
            size = param_int(self.env, "coop_union.sms_chunk_size", SMS_CHUNK, minimum=1)
            for start in range(0, len(ids), size):
                chunk = ids[start : start + size]
                if mailing._coop_fast_sms_possible():
                    mailing._coop_queue_sms_chunk(chunk)
                else:
                    super(MailingMailing, mailing.with_context(coop_sms_chunk_ids=chunk)).action_send_sms(
                        res_ids=chunk
                    )
                if commit:
                    self.env.cr.commit()  # pylint: disable=invalid-commit
                    _logger.info(
                        "Mass SMS %s: %s/%s recipients queued", mailing.id, start + len(chunk), len(ids)
                    )
        return True

    def action_send_mail(self, res_ids=None):
        self._coop_check_send()
        if res_ids and not self.env.su:
            for mailing in self:
                allowed = mailing._coop_allowed_ids(res_ids)
                if allowed:
                    super(MailingMailing, mailing).action_send_mail(res_ids=allowed)
            return True
        return super().action_send_mail(res_ids=res_ids)

    def _coop_check_send(self):
        """Sending is a change of the mailing: the user must be allowed to edit it."""
        if not self.env.su:
            self.check_access("write")

    def _coop_allowed_ids(self, res_ids):
        """Records named by the caller are sent to only if they are recipients of the mailing
        (its domain, consent, and the scope of the responsible and of the sender)."""
        self.ensure_one()
        if self.env.su:
            return list(res_ids)
        recipients = set(self._get_recipients())
        return [res_id for res_id in res_ids if res_id in recipients]

    @api.model
    def _process_mass_mailing_queue(self):
        return super(
            MailingMailing, self.with_context(coop_mailing_commit=True)
        )._process_mass_mailing_queue()

    def _get_seen_list_sms(self):
        """Within a chunk, only the chunk's own records matter: avoids reading every trace of
        the mailing again for every chunk."""
        chunk = self.env.context.get("coop_sms_chunk_ids")
        if not chunk or self.mailing_model_real != "coop.union.member":
            return super()._get_seen_list_sms()
        self.env.cr.execute(
            """SELECT m.id, m.phone_sanitized FROM mailing_trace t
                 JOIN coop_union_member m ON m.id = t.res_id
                WHERE t.mass_mailing_id = %s AND t.model = %s AND t.res_id = ANY(%s)""",
            [self.id, "coop.union.member", list(chunk)],
        )
        rows = self.env.cr.fetchall()
        return [r[0] for r in rows], [r[1] for r in rows if r[1]]

    # ------------------------------------------------------------------ bulk queueing
    def _coop_fast_sms_possible(self):
        """Members' SMS with one text for all (no placeholders, no links to track, no log on
        each member) are queued in bulk: the same SMS, traces and trackers as Odoo's composer
        writes, inserted in three statements per chunk."""
        self.ensure_one()
        body = self.body_plaintext or ""
        return (
            self.mailing_model_real == "coop.union.member"
            and not self.keep_archives
            and not self.sms_template_id
            and not self.ab_testing_enabled
            and not re.search(r"\{\{|\$\{|<t |{%", body)
            and not re.search(TEXT_URL_REGEX, body)
        )

    def _coop_queue_sms_chunk(self, res_ids):
        self.ensure_one()
        cr = self.env.cr
        self.env.flush_all()
        cr.execute(
            "SELECT id, phone_sanitized, partner_id FROM coop_union_member WHERE id = ANY(%s) ORDER BY id",
            [list(res_ids)],
        )
        rows = cr.fetchall()
        numbers = [r[1] for r in rows if r[1]]
        cr.execute("SELECT number FROM phone_blacklist WHERE active AND number = ANY(%s)", [numbers])
        blacklist = {r[0] for r in cr.fetchall()}
        cr.execute(
            "SELECT sms_number FROM mailing_trace WHERE mass_mailing_id = %s AND sms_number = ANY(%s)",
            [self.id, numbers],
        )
        seen = {r[0] for r in cr.fetchall()}
        composer = None
        if self.sms_allow_unsubscribe:
            composer = (
                self.env["sms.composer"]
                .with_context(active_id=False)
                .new(
                    {"mailing_id": self.id, "res_model": self.mailing_model_real, "composition_mode": "mass"}
                )
            )
        Trace = self.env["mailing.trace"]
        now = fields.Datetime.now()
        uid = self.env.uid
        body = self.body_plaintext or ""
        sms_rows, traces = [], []
        for member_id, number, partner_id in rows:
            code = Trace._get_random_code()
            if not number:
                status, failure = "cancel", "sms_number_missing"
            elif number in blacklist:
                status, failure = "cancel", "sms_blacklist"
            elif number in seen:
                status, failure = "cancel", "sms_duplicate"
            else:
                status, failure = "outgoing", None
                seen.add(number)
            # like the composer, an SMS for every recipient: the refused ones canceled, with the
            # reason, and without the opt-out line
            sms_uuid = uuid.uuid4().hex
            text = body
            if status == "outgoing" and composer:
                url = composer._get_unsubscribe_url(member_id, code, number)
                text = "%s\n%s" % (body, composer._get_unsubscribe_info(url))
            sms_state = "outgoing" if status == "outgoing" else "canceled"
            sms_rows.append(
                (
                    sms_uuid,
                    number,
                    text,
                    partner_id,
                    sms_state,
                    failure,
                    self.id,
                    False,
                    True,
                    uid,
                    now,
                    uid,
                    now,
                )
            )
            traces.append([member_id, code, number, status, failure, sms_uuid])
        sms_ids = {}
        if sms_rows:
            result = execute_values(
                cr._obj,
                """INSERT INTO sms_sms (uuid, number, body, partner_id, state, failure_type, mailing_id,
                                        to_delete, coop_unlink_sent, create_uid, create_date, write_uid,
                                        write_date)
                   VALUES %s RETURNING uuid, id""",
                sms_rows,
                page_size=1000,
                fetch=True,
            )
            sms_ids = dict(result)
        trace_rows = [
            (
                "sms",
                self.mailing_model_real,
                member_id,
                self.id,
                self.campaign_id.id or None,
                sms_ids.get(sms_uuid),
                number,
                code,
                status,
                failure,
                uid,
                now,
                uid,
                now,
            )
            for member_id, code, number, status, failure, sms_uuid in traces
        ]
        trace_ids = execute_values(
            cr._obj,
            """INSERT INTO mailing_trace (trace_type, model, res_id, mass_mailing_id, campaign_id, sms_id_int,
                                          sms_number, sms_code, trace_status, failure_type,
                                          create_uid, create_date, write_uid, write_date)
               VALUES %s RETURNING id""",
            trace_rows,
            page_size=1000,
            fetch=True,
        )
        tracker_rows = [
            (trace[5], trace_id[0], uid, now, uid, now)
            for trace, trace_id in zip(traces, trace_ids, strict=True)
        ]
        if tracker_rows:
            execute_values(
                cr._obj,
                """INSERT INTO sms_tracker (sms_uuid, mailing_trace_id, create_uid, create_date, write_uid, write_date)
                   VALUES %s""",
                tracker_rows,
                page_size=1000,
            )
        for model in ("sms.sms", "mailing.trace", "sms.tracker"):
            self.env[model].invalidate_model()
        self.invalidate_recordset()
        queued = sum(1 for trace in traces if trace[3] == "outgoing")
        if queued:
            self.env.ref("sms.ir_cron_sms_scheduler_action").sudo()._trigger()
        return queued
