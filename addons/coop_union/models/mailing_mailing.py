import logging
import threading

from odoo import api, models
from odoo.osv import expression

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
