"""Odoo's SMS queue sent through ``coop.sms.gateway`` instead of IAP, when a gateway is active.

At-most-once, nothing lost
--------------------------
Every batch goes through three steps, the first and the last committed on their own when the
queue runs as the SMS cron:

1. claim: ``UPDATE sms_sms SET state='process', coop_claimed_at=now() WHERE id IN batch AND
   state='outgoing'`` and commit. The claim is the idempotency mark: only SMS in state
   ``outgoing`` are ever handed to a gateway, so a claimed SMS is never picked again, not by a
   second worker running the queue at the same time (the UPDATE's row locks serialise them),
   not by a restarted one.
2. the HTTP call to the gateway.
3. outcome: accepted (``pending``, then ``sent`` once delivered), final error, ``retry`` (the
   gateway was certainly not reached or refused to process: back to ``outgoing`` with an
   exponential backoff, at most ``max_attempts`` times) or ``unknown`` (the request may have
   been processed: a timeout, a dropped connection, an answer we do not understand). Committed.

Crash windows: a crash between 1 and 3 leaves SMS claimed without outcome. They are not sent
again (sending twice is worse than not sending for a union's members and costs money); once
their claim is older than the gateway timeout the next queue run marks them ``error`` with
failure type ``unknown`` and the reason, visible in the SMS list and on the mailing traces,
where a person may check and resend them. Nothing is silently lost and nothing is sent twice.

Inline sends (a chatter SMS, a composer in "send now" mode) only queue when a gateway is
active: the cron is triggered at once, so every SMS follows the discipline above.
"""

import logging
import threading
import time
from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.addons.coop_base.tools import capped_backoff
from odoo.tools import SQL

from .coop_sms_gateway import GatewayAmbiguous, GatewayUnavailable, Outcome

_logger = logging.getLogger(__name__)

RUN_TIME_BUDGET = 240  # seconds of sending per cron run, the cron is triggered again after


def _testing():
    return getattr(threading.current_thread(), "testing", False)


class SmsSms(models.Model):
    _inherit = "sms.sms"

    coop_gateway_id = fields.Many2one(
        "coop.sms.gateway", string="Gateway", readonly=True, index="btree_not_null"
    )
    coop_claimed_at = fields.Datetime(string="Handed to Gateway", readonly=True, copy=False)
    coop_attempts = fields.Integer(string="Attempts", readonly=True, copy=False)
    coop_next_try = fields.Datetime(string="Next Attempt", readonly=True, copy=False, index="btree_not_null")
    coop_provider_ref = fields.Char(
        string="Gateway Reference", readonly=True, copy=False, index="btree_not_null"
    )
    coop_failure_reason = fields.Char(string="Failure Reason", readonly=True, copy=False)
    coop_unlink_sent = fields.Boolean(default=True, copy=False)

    # ------------------------------------------------------------------ entry points
    def send(self, unlink_failed=False, unlink_sent=True, auto_commit=False, raise_exception=False):
        gateway = self.env["coop.sms.gateway"]._get_active()
        if not gateway or self.env.context.get("coop_sms_runner"):
            return super().send(
                unlink_failed=unlink_failed,
                unlink_sent=unlink_sent,
                auto_commit=auto_commit,
                raise_exception=raise_exception,
            )
        if not self.env.su:
            self.check_access("write")
        queued = self.filtered(lambda sms: sms.state == "outgoing" and not sms.to_delete)
        if queued:
            queued.coop_unlink_sent = unlink_sent
            self.env.ref("sms.ir_cron_sms_scheduler_action").sudo()._trigger()
        return None

    @api.model
    def _process_queue(self, ids=None):
        gateway = self.env["coop.sms.gateway"]._get_active()
        if not gateway:
            return super()._process_queue(ids=ids)
        try:
            return self._coop_run_queue(gateway, ids=ids)
        except Exception:
            _logger.exception("Failed processing SMS queue through gateway %s", gateway.name)
            return None

    def _split_batch(self):
        gateway = self.env["coop.sms.gateway"]._get_active()
        if not gateway:
            yield from super()._split_batch()
            return
        yield from tools.split_every(gateway.batch_size, self.ids)

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        gateway = self.env["coop.sms.gateway"]._get_active()
        if not gateway:
            return super()._send(
                unlink_failed=unlink_failed, unlink_sent=unlink_sent, raise_exception=raise_exception
            )
        self._coop_send_batch(gateway)
        return None

    # ------------------------------------------------------------------ queue runner
    @api.model
    def _coop_due_domain(self):
        now = fields.Datetime.now()
        return [
            ("state", "=", "outgoing"),
            ("to_delete", "!=", True),
            "|",
            ("coop_next_try", "=", False),
            ("coop_next_try", "<=", now),
        ]

    @api.model
    def _coop_run_queue(self, gateway, ids=None, time_budget=RUN_TIME_BUDGET):
        """Send the due SMS batch after batch, within ``time_budget`` seconds.

        :return: number of SMS handed to the gateway
        """
        commit = not _testing()
        runner = self.sudo().with_context(coop_sms_runner=True)
        runner._coop_recover_interrupted(gateway)
        if commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit
        started = time.monotonic()
        handed = 0
        domain = runner._coop_due_domain()
        if ids:
            domain.append(("id", "in", list(ids)))
        cron = self.env.ref("sms.ir_cron_sms_scheduler_action").sudo()
        while True:
            batch = runner.search(domain, order="id", limit=gateway.batch_size)
            if not batch:
                break
            result = batch._coop_send_batch(gateway, commit=commit)
            handed += len(batch)
            if result == "unavailable":
                # the gateway is down: stop hammering it, come back when the first retry is due
                first_retry = runner.search(
                    [("coop_next_try", "!=", False), ("state", "=", "outgoing")],
                    order="coop_next_try",
                    limit=1,
                )
                cron._trigger(at=first_retry.coop_next_try or fields.Datetime.now())
                break
            elapsed = time.monotonic() - started
            if gateway.rate_limit:
                pause = handed / gateway.rate_limit - elapsed
                if pause > 0:
                    time.sleep(pause)
            if time.monotonic() - started > time_budget:
                cron._trigger()
                break
        return handed

    def _coop_claim(self, gateway):
        """Mark the batch as handed to the gateway; only SMS still queued are claimed."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """UPDATE sms_sms
                      SET state = 'process', coop_claimed_at = now() AT TIME ZONE 'UTC',
                          coop_gateway_id = %s, coop_attempts = coalesce(coop_attempts, 0) + 1, coop_next_try = NULL
                    WHERE id = ANY(%s) AND state = 'outgoing' AND coalesce(to_delete, false) = false
                RETURNING id""",
                gateway.id,
                self.ids,
            )
        )
        claimed = self.browse([row[0] for row in self.env.cr.fetchall()])
        self.invalidate_recordset(
            ["state", "coop_claimed_at", "coop_gateway_id", "coop_attempts", "coop_next_try"]
        )
        return claimed

    def _coop_send_batch(self, gateway, commit=False):
        """Claim, send and record one batch. Returns "unavailable" when the gateway is down."""
        claimed = self._coop_claim(gateway)
        if not claimed:
            return "empty"
        if commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit
        unavailable = False
        try:
            outcomes = gateway._send_sms(claimed)
        except GatewayUnavailable as e:
            unavailable = True
            outcomes = {sms.id: Outcome("retry", "sms_server", str(e)) for sms in claimed}
            gateway.last_error = str(e)
        except GatewayAmbiguous as e:
            outcomes = {sms.id: Outcome("unknown", "unknown", str(e)) for sms in claimed}
        except Exception as e:  # noqa: BLE001 - any other failure: the outcome is unknown, never resent
            _logger.exception("SMS gateway %s failed", gateway.name)
            outcomes = {sms.id: Outcome("unknown", "unknown", str(e)) for sms in claimed}
        claimed._coop_apply_outcomes(outcomes, gateway)
        if commit:
            self.env.cr.commit()  # pylint: disable=invalid-commit
        _logger.info("SMS gateway %s: batch of %s SMS handed over", gateway.name, len(claimed))
        return "unavailable" if unavailable else "done"

    def _coop_apply_outcomes(self, outcomes, gateway):
        now = fields.Datetime.now()
        groups = {}
        for sms in self:
            outcome = outcomes.get(sms.id) or Outcome(
                "unknown", "unknown", self.env._("The gateway's answer does not mention this SMS.")
            )
            if outcome.kind == "retry" and sms.coop_attempts >= gateway.max_attempts:
                outcome = Outcome(
                    "error",
                    "sms_server",
                    self.env._(
                        "Gateway unavailable after %(n)s attempts: %(reason)s",
                        n=sms.coop_attempts,
                        reason=outcome.reason,
                    ),
                )
            groups.setdefault(outcome.kind, []).append((sms, outcome))
        for kind, items in groups.items():
            if kind == "retry":
                for sms, outcome in items:
                    delay = capped_backoff(sms.coop_attempts, gateway.retry_delay)
                    sms.write(
                        {
                            "state": "outgoing",
                            "coop_claimed_at": False,
                            "coop_next_try": now + timedelta(seconds=delay),
                            "coop_failure_reason": outcome.reason,
                        }
                    )
                continue
            if kind in ("pending", "sent"):
                self._coop_mark_success(items, kind, gateway)
            else:
                for failure_type, reason, group in _group_by(
                    items, lambda o: (o.failure_type or "unknown", o.reason)
                ):
                    records = self.browse([sms.id for sms, _o in group])
                    records._coop_mark_error(failure_type, reason)

    def _coop_mark_success(self, items, kind, gateway):
        for sms, outcome in items:
            final = kind == "sent" or not outcome.provider_ref or gateway.provider != "smsru"
            sms.write(
                {
                    "state": kind,
                    "failure_type": False,
                    "coop_provider_ref": outcome.provider_ref or sms.coop_provider_ref,
                    "coop_failure_reason": False,
                    "to_delete": bool(final and sms.coop_unlink_sent),
                }
            )
        records = self.browse([sms.id for sms, _o in items])
        records.sms_tracker_id._action_update_from_sms_state(kind)
        records.mail_message_id._notify_message_notification_update()

    def _coop_mark_error(self, failure_type, reason, delivery_error=False):
        self.write({"state": "error", "failure_type": failure_type, "coop_failure_reason": reason})
        trackers = self.sms_tracker_id
        if delivery_error:
            trackers._action_update_from_provider_error(delivery_error)
        elif trackers:
            trackers._action_update_from_sms_state("error", failure_type=failure_type, failure_reason=reason)
        self.mail_message_id._notify_message_notification_update()

    @api.model
    def _coop_recover_interrupted(self, gateway):
        """SMS claimed by a run that died before recording the gateway's answer."""
        limit = fields.Datetime.now() - timedelta(seconds=gateway.timeout + 60)
        stuck = self.search(
            [("state", "=", "process"), ("coop_claimed_at", "!=", False), ("coop_claimed_at", "<", limit)]
        )
        if stuck:
            _logger.warning("%s SMS were interrupted while handed to the gateway; not resent", len(stuck))
            stuck._coop_mark_error(
                "unknown",
                self.env._(
                    "Sending was interrupted while the SMS was handed to the gateway: it may or may not "
                    "have been sent, so it is not sent again automatically."
                ),
            )
        return stuck

    # ------------------------------------------------------------------ delivery statuses
    @api.model
    def _cron_coop_poll_statuses(self, limit=5000):
        gateway = self.env["coop.sms.gateway"]._get_active()
        if not gateway:
            return 0
        pending = self.sudo().search(
            [
                ("state", "=", "pending"),
                ("coop_provider_ref", "!=", False),
                ("coop_gateway_id", "=", gateway.id),
            ],
            order="id",
            limit=limit,
        )
        updated = 0
        for batch in tools.split_every(100, pending.ids, self.sudo().browse):
            try:
                outcomes = gateway._fetch_statuses(batch)
            except (GatewayUnavailable, GatewayAmbiguous) as e:
                _logger.warning("SMS gateway %s: delivery statuses unavailable: %s", gateway.name, e)
                break
            for sms in batch:
                outcome = outcomes.get(sms.id)
                if not outcome:
                    continue
                updated += 1
                if outcome.kind == "sent":
                    sms._coop_mark_success([(sms, outcome)], "sent", gateway)
                else:
                    sms._coop_mark_error(
                        outcome.failure_type or "unknown", outcome.reason, outcome.delivery_error
                    )
                    if sms.coop_unlink_sent:
                        sms.to_delete = True
            if not _testing():
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return updated


def _group_by(items, key):
    groups = {}
    for sms, outcome in items:
        groups.setdefault(key(outcome), []).append((sms, outcome))
    return [(k[0], k[1], v) for k, v in groups.items()]
