import logging
import re
import threading
import uuid

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools.mail import TEXT_URL_REGEX
from psycopg2.extras import execute_values

_logger = logging.getLogger(__name__)

# recipients per committed chunk of a mass SMS (Odoo's composer takes them as a literal list)
SMS_CHUNK = 2000
SCOPED_MODELS = ("coop.union.member", "res.partner")


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    def _get_recipients_domain(self):
        """Recipients of a mailing on members or contacts are limited to what its responsible may
        read (a primary organisation's staff reach their own members only), and members reach
        only through the channels they consented to."""
        domain = super()._get_recipients_domain()
        model = self.mailing_model_real
        if model == "coop.union.member":
            domain = expression.AND(
                [domain, self.env["coop.union.member"]._coop_mailing_consent_domain(self.mailing_type)]
            )
        if model in SCOPED_MODELS:
            user = self.user_id or self.create_uid
            if user and not user._is_superuser():
                rule_domain = self.env["ir.rule"].with_user(user).sudo(False)._compute_domain(model, "read")
                if rule_domain:
                    domain = expression.AND([domain, rule_domain])
        return domain

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
        for mailing in self:
            ids = res_ids or mailing._get_remaining_recipients()
            if not ids:
                continue
            size = int(
                self.env["ir.config_parameter"].sudo().get_param("coop_union.sms_chunk_size", SMS_CHUNK)
            )
            for start in range(0, len(ids), max(size, 1)):
                chunk = ids[start : start + max(size, 1)]
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
            sms_uuid = None
            if status == "outgoing":
                sms_uuid = uuid.uuid4().hex
                text = body
                if composer:
                    url = composer._get_unsubscribe_url(member_id, code, number)
                    text = "%s\n%s" % (body, composer._get_unsubscribe_info(url))
                sms_rows.append(
                    (sms_uuid, number, text, partner_id, "outgoing", self.id, False, True, uid, now, uid, now)
                )
            traces.append([member_id, code, number, status, failure, sms_uuid])
        sms_ids = {}
        if sms_rows:
            result = execute_values(
                cr._obj,
                """INSERT INTO sms_sms (uuid, number, body, partner_id, state, mailing_id, to_delete,
                                        coop_unlink_sent, create_uid, create_date, write_uid, write_date)
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
            if trace[5]
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
        if sms_rows:
            self.env.ref("sms.ir_cron_sms_scheduler_action").sudo()._trigger()
        return len(sms_rows)
