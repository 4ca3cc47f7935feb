import secrets
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
DEFAULT_VALIDITY_MINUTES = 60


class CoopTelegramLink(models.Model):
    """A Telegram chat linked to a partner, verified by a one-time code."""

    _name = "coop.telegram.link"
    _description = "Telegram account link"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"
    _rec_name = "code"

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", index=True, tracking=True)
    code = fields.Char(
        required=True,
        readonly=True,
        copy=False,
        index=True,
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
        minutes = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("coop_servicedesk.telegram_code_minutes", DEFAULT_VALIDITY_MINUTES)
        )
        return fields.Datetime.now() + timedelta(minutes=minutes)

    @api.model
    def _normalize_code(self, code):
        return (code or "").strip().upper().replace(" ", "").replace("-", "")

    @api.model
    def issue_code(self, partner):
        """Create a fresh one-time code for ``partner`` (previous unused codes lapse)."""
        partner.ensure_one()
        self.sudo().search([("partner_id", "=", partner.id), ("state", "=", "pending")]).write(
            {"state": "expired"}
        )
        return self.sudo().create({"partner_id": partner.id})

    def action_send_code_email(self):
        template = self.env.ref("coop_servicedesk.mail_template_telegram_link_code")
        for link in self:
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
        return True

    def action_revoke(self):
        for link in self:
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
