import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import plaintext2html

from .helpdesk_ticket import FOLLOWUP_BATCH, FOLLOWUP_DELAY_SECONDS

_logger = logging.getLogger(__name__)

# a request whose registration fails this many times for an unexpected reason is given up
MAX_ATTEMPTS = 5


class CoopTelegramTicketRequest(models.Model):
    """A request the bot filed: its number is given to the requester at once, the ticket
    follows from the registration job.

    The bot's confirmation waits only for this row, committed with a number reserved from the
    tickets' own sequence. The job (the follow-up cron, and the bridge's outbox claims when
    cron is off) turns each row into the ticket with that number, with everything a ticket's
    creation does (followers, notifications, assignment, the team chat post), and deletes the
    row in the same transaction. A row that cannot become a ticket (the team stopped taking
    the requester's requests meanwhile) is kept as failed, and the requester is told.
    """

    _name = "coop.telegram.ticket.request"
    _description = "Ticket request from Telegram"
    _order = "id"
    _rec_name = "number"

    number = fields.Char(required=True, readonly=True, index=True)
    request_uid = fields.Char(string="Bot request id", required=True, readonly=True)
    chat_id = fields.Char(string="Telegram chat", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Requester", required=True, ondelete="cascade", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", required=True, ondelete="cascade", readonly=True)
    template_id = fields.Many2one("coop.servicedesk.template", ondelete="set null", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    description = fields.Text(readonly=True)
    state = fields.Selection(
        [("pending", "Being registered"), ("failed", "Failed")],
        default="pending",
        required=True,
        readonly=True,
        index=True,
    )
    attempts = fields.Integer(readonly=True)
    error = fields.Text(readonly=True)

    _sql_constraints = [
        ("request_uid_unique", "unique(request_uid)", "A bot request can create one ticket only."),
    ]

    # ------------------------------------------------------------------
    # registration
    # ------------------------------------------------------------------
    def _ticket_vals(self):
        """The ticket of this request, as the bot's dialog described it."""
        self.ensure_one()
        partner, template = self.partner_id, self.template_id
        text = (self.description or "").strip()
        vals = {
            "number": self.number,
            "team_id": self.team_id.id,
            "partner_id": partner.id,
            "partner_name": partner.name,
            "partner_email": partner.email,
            "channel_id": self.env["ir.model.data"]._xmlid_to_res_id("coop_servicedesk.channel_telegram"),
            "coop_bridge_request_uid": self.request_uid,
            "user_id": False,
            "company_id": self.company_id.id or self.team_id.company_id.id or self.env.company.id,
            "name": self._coop_name(),
        }
        if template:
            vals["coop_template_id"] = template.id
            vals["description"] = (template.description or "") + (plaintext2html(text) if text else "")
        else:
            vals["description"] = plaintext2html(text)
        return vals

    def _in_lang(self):
        """This request in its requester's language."""
        return self.with_context(lang=self.partner_id.lang or self.env.user.lang or "en_US")

    def _make_ticket(self):
        """The ticket of this request, with everything its creation does; the row is deleted.

        The ticket is created by the bridge's user, as when the bot's request created it: its
        creation message is the bot's, in the requester's language."""
        self.ensure_one()
        request = self._in_lang()
        lang = request.env.lang
        bridge_user = self.env.ref("coop_servicedesk.user_telegram_bridge")
        Ticket = self.env["helpdesk.ticket"].with_user(bridge_user).sudo().with_context(lang=lang, active_test=False)
        ticket = Ticket.search([("coop_bridge_request_uid", "=", self.request_uid)], limit=1)
        if not ticket:
            bridge = self.env["coop.telegram.bridge"].sudo()
            if not bridge._open_teams(self.partner_id, self.team_id.id):
                raise UserError(request.env._("This team does not take your requests."))
            ticket = Ticket.with_context(
                mail_create_nosubscribe=True, coop_defer_followup=True
            ).create(request._ticket_vals())
            ticket._coop_followup()
            ticket.coop_followup_pending = False
            ticket.flush_recordset(["coop_followup_pending"])
        self.unlink()
        return ticket.with_env(self.env)

    def _fail(self, error):
        """Give the request up and tell the requester by the chat he filed it from."""
        self.ensure_one()
        self.write({"state": "failed", "error": error})
        if self.chat_id:
            text = self._in_lang().env._(
                "Request %(number)s could not be registered: %(error)s Please file it again.",
                number=self.number,
                error=error,
            )
            self.env["coop.telegram.outbox"].sudo().create(
                {"chat_id": self.chat_id, "partner_id": self.partner_id.id, "text": text}
            )

    @api.model
    def _coop_register_pending(self, limit=FOLLOWUP_BATCH, min_age=0):
        """Register up to ``limit`` pending requests filed ``min_age`` seconds ago or earlier;
        returns (ids registered, ids left pending or failed).

        Exactly once: each request's ticket and the deletion of its row are one savepoint, and
        the row is locked ``FOR UPDATE SKIP LOCKED`` so that two runners (the cron, a bridge's
        claim) never take the same request; a runner that dies leaves it pending."""
        self.flush_model(["state"])
        self.env.cr.execute(
            """
            SELECT id FROM coop_telegram_ticket_request
             WHERE state = 'pending' AND create_date <= %s
             ORDER BY id
             LIMIT %s
               FOR UPDATE SKIP LOCKED
            """,
            [fields.Datetime.now() - timedelta(seconds=min_age), limit],
        )
        done, left = [], []
        for request in self.sudo().browse([row[0] for row in self.env.cr.fetchall()]):
            request_id = request.id
            try:
                with self.env.cr.savepoint():
                    request._make_ticket()
                done.append(request_id)
            except (UserError, ValidationError, AccessError) as exc:
                # the request itself is wrong now: no retry makes it right
                with self.env.cr.savepoint():
                    request._fail(exc.args[0] if exc.args else str(exc))
                left.append(request_id)
            except Exception:
                _logger.exception("registering bot request %s failed; it is retried on the next run", request_id)
                self.env.invalidate_all()
                with self.env.cr.savepoint():
                    request.attempts += 1
                    if request.attempts >= MAX_ATTEMPTS:
                        request._fail(request._in_lang().env._("The service desk could not register it."))
                left.append(request_id)
        return done, left

    def action_retry(self):
        """Register failed requests again (a manager, once the cause is mended); opens the
        tickets made."""
        self.check_access("write")
        failed = self.filtered(lambda r: r.state == "failed").sudo()
        failed.write({"state": "pending", "attempts": 0, "error": False})
        tickets = self.env["helpdesk.ticket"]
        for request in failed:
            try:
                with self.env.cr.savepoint():
                    tickets |= request._make_ticket()
            except (UserError, ValidationError, AccessError) as exc:
                request.write({"state": "failed", "error": exc.args[0] if exc.args else str(exc)})
        if len(tickets) < len(failed):
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "warning",
                    "message": self.env._("Some requests still cannot be registered: see their error."),
                    # the form or list reloads: registered requests are gone, the others show why
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        if tickets:
            # the request is gone: its form would open on nothing
            return tickets._get_records_action(name=self.env._("Registered tickets"), context={})
        return True

    @api.model
    def _trigger_registration(self):
        """The registration job, a couple of seconds from now: a burst of requests gets its
        answers first."""
        cron_id = self.env["ir.model.data"]._xmlid_to_res_id("coop_servicedesk.ir_cron_ticket_followup")
        self.env["ir.cron"].sudo().browse(cron_id)._trigger(
            fields.Datetime.now() + timedelta(seconds=FOLLOWUP_DELAY_SECONDS)
        )

    def _status_dict(self):
        """As the bot shows a ticket (number, name, stage), for a request not yet a ticket."""
        self.ensure_one()
        states = dict(self._fields["state"]._description_selection(self.env))
        return {"number": self.number, "name": self._coop_name(), "stage": states[self.state], "closed": False}

    def _coop_name(self):
        """The ticket's title: the template's name, else the description's first line."""
        self.ensure_one()
        text = (self.description or "").strip()
        return self.template_id.name or (text.splitlines()[0][:80] if text else self.number)

