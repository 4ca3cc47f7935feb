import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.coop_base.tools import param_int
from odoo.exceptions import AccessError, UserError

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
DEFAULT_VALIDITY_MINUTES = 60
DEFAULT_REISSUE_SECONDS = 60


class CoopTelegramLink(models.Model):
    """A Telegram chat linked to a partner, verified by a one-time code."""

    _name = "coop.telegram.link"
    _description = "Telegram account link"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"
    _rec_name = "partner_id"
    # managers (read-only on links) may still log notes on a link
    _mail_post_access = "read"

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", index=True, tracking=True)
    code = fields.Char(
        required=True,
        readonly=True,
        copy=False,
        index=True,
        groups="base.group_system",
        default=lambda self: self._generate_code(),
        help="One-time code the person sends to the bot to link the chat.",
    )
    expires_at = fields.Datetime(
        string="Code expires at",
        required=True,
        default=lambda self: self._default_expiry(),
    )
    state = fields.Selection(
        [
            ("pending", "Code issued"),
            ("linked", "Linked"),
            ("expired", "Expired"),
            ("revoked", "Revoked"),
        ],
        default="pending",
        required=True,
        tracking=True,
        index=True,
    )
    chat_id = fields.Char(string="Telegram chat", index=True, tracking=True, copy=False)
    username = fields.Char(string="Telegram username", copy=False)
    linked_at = fields.Datetime(readonly=True, copy=False)
    revoked_at = fields.Datetime(readonly=True, copy=False)
    issued_by_id = fields.Many2one("res.users", default=lambda self: self.env.user, readonly=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "A link code must be unique."),
    ]

    @api.model
    def _generate_code(self):
        return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))

    @api.model
    def _default_expiry(self):
        minutes = param_int(self.env, "coop_servicedesk.telegram_code_minutes", DEFAULT_VALIDITY_MINUTES, minimum=1)
        return fields.Datetime.now() + timedelta(minutes=minutes)

    @api.model
    def _normalize_code(self, code):
        return (code or "").strip().upper().replace(" ", "").replace("-", "")

    @api.private
    @api.model
    def issue_code(self, partner):
        """Create a fresh one-time code for ``partner`` (previous unused codes lapse).

        Not callable over RPC: the callers check who may ask for a code."""
        partner.ensure_one()
        self.sudo().search([("partner_id", "=", partner.id), ("state", "=", "pending")]).write(
            {"state": "expired"}
        )
        return self.sudo().create({"partner_id": partner.id})

    @api.model
    def _reissue_wait(self, partner):
        """Seconds to wait before a new code may void the pending one of ``partner`` (0: now)."""
        delay = param_int(self.env, "coop_servicedesk.telegram_code_reissue_seconds", DEFAULT_REISSUE_SECONDS)
        if delay <= 0:
            return 0
        last = self.sudo().search(
            [("partner_id", "=", partner.id), ("state", "=", "pending")], order="create_date desc", limit=1
        )
        if not last:
            return 0
        elapsed = (fields.Datetime.now() - last.create_date).total_seconds()
        return max(int(delay - elapsed), 0)

    def _check_link_manager(self):
        if self.env.su or self.env.user.has_group("helpdesk_mgmt.group_helpdesk_manager"):
            return
        raise AccessError(self.env._("Only a service desk manager may manage Telegram links."))

    def action_send_code_email(self):
        self._check_link_manager()
        self._send_code_email()
        return True

    def _send_code_email(self):
        template = self.env.ref("coop_servicedesk.mail_template_telegram_link_code").sudo()
        for link in self.sudo():
            if link.state != "pending":
                raise UserError(self.env._("Only an unused code can be sent."))
            if not link.partner_id.email:
                raise UserError(
                    self.env._(
                        "%(partner)s has no email address to send the code to.",
                        partner=link.partner_id.display_name,
                    )
                )
            template.send_mail(link.id, force_send=False)

    def action_revoke(self):
        """Revoke links: a service desk manager any, a person only his own."""
        if not (self.env.su or self.env.user.has_group("helpdesk_mgmt.group_helpdesk_manager")):
            if any(link.sudo().partner_id != self.env.user.partner_id for link in self):
                raise AccessError(self.env._("You may revoke only your own Telegram links."))
        for link in self.sudo():
            if link.state in ("revoked", "expired"):
                continue
            link.write({"state": "revoked", "revoked_at": fields.Datetime.now()})
        return True

    def _consume(self, chat_id, username=False):
        """Link the chat; the caller has checked state and expiry."""
        self.ensure_one()
        # A chat speaks for one person only: earlier links of the chat lapse.
        self.search([("chat_id", "=", chat_id), ("state", "=", "linked"), ("id", "!=", self.id)]).write(
            {"state": "revoked", "revoked_at": fields.Datetime.now()}
        )
        self.write(
            {
                "state": "linked",
                "chat_id": chat_id,
                "username": username or False,
                "linked_at": fields.Datetime.now(),
            }
        )

    @api.autovacuum
    def _gc_expired_codes(self):
        self.sudo().search([("state", "=", "pending"), ("expires_at", "<", fields.Datetime.now())]).write(
            {"state": "expired"}
        )
