import base64
import binascii

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError

from .coop_union_appeal import (
    ATTACHMENT_MAX_COUNT,
    ATTACHMENT_MAX_MB,
    SELF_SERVICE_CHANNELS,
    SUBJECT_MAX,
    TEXT_MAX,
)

# what a channel may say about the appeal it brings; the rest is set here
CHANNEL_KEYS = {
    "subject",
    "text",
    "organization_id",
    "member_id",
    "partner_id",
    "applicant_name",
    "applicant_contact",
    "type_id",
    "source_key",
}


class CoopUnionAppeal(models.Model):
    """Appeals that arrive by themselves: by e-mail, from the public web form, from the portal
    and from the Telegram bot. Every channel goes through ``_coop_create_from_channel``."""

    _inherit = "coop.union.appeal"

    # ------------------------------------------------------------------ one entry for every channel

    @api.model
    def _coop_create_from_channel(self, vals, channel, attachments=None):
        """Create the appeal an applicant sent by ``channel`` (email, web, portal, telegram).

        ``vals``: ``subject``, ``text``, ``organization_id``, ``consent`` (required, truthy),
        and optionally ``member_id``, ``partner_id``, ``applicant_name``, ``applicant_contact``,
        ``type_id``. ``attachments``: a list of ``(file name, content)`` pairs, the content as
        bytes or base64 text. Checks everything first and raises a translated UserError, creating
        nothing, on bad input; returns the appeal. The callers are trusted code (controllers, the
        mail gateway, the bridge's RPC method) which have already identified the applicant.
        """
        if channel not in SELF_SERVICE_CHANNELS:
            raise UserError(self.env._("Appeals cannot arrive by the channel %s.", channel))
        vals = dict(vals or {})
        unknown = set(vals) - CHANNEL_KEYS - {"consent"}
        if unknown:
            raise UserError(
                self.env._("An appeal cannot be filed with the fields: %s.", ", ".join(sorted(unknown)))
            )
        if not vals.pop("consent", False):
            raise UserError(
                self.env._(
                    "Agree to the processing of your personal data: without the consent the appeal cannot be accepted."
                )
            )
        text = (vals.get("text") or "").strip()
        if not text:
            raise UserError(self.env._("Write the text of the appeal."))
        if len(text) > TEXT_MAX:
            raise UserError(self.env._("The text of the appeal is longer than %s characters.", TEXT_MAX))
        subject = (vals.get("subject") or "").strip() or text.splitlines()[0]
        subject = subject[:SUBJECT_MAX]
        organization = self._coop_intake_organization(vals.get("organization_id"))
        member = self.env["coop.union.member"].sudo().browse(vals.get("member_id") or []).exists()
        partner = self.env["res.partner"].sudo().browse(vals.get("partner_id") or []).exists()
        name = (vals.get("applicant_name") or "").strip() or member.name or partner.name
        if not name:
            raise UserError(self.env._("Give your name: the answer is addressed to it."))
        contact = (
            (vals.get("applicant_contact") or "").strip() or member.email or member.mobile or partner.email
        )
        files = self._coop_intake_attachments(attachments)
        appeal_type = self.env["coop.union.appeal.type"].sudo().browse(vals.get("type_id") or []).exists()
        if not appeal_type.active:
            appeal_type = self.env["coop.union.appeal.type"]._coop_default()
        create_vals = {
            "subject": subject,
            "text": text,
            "organization_id": organization.id,
            "member_id": member.id,
            "partner_id": (partner or member.partner_id).id,
            "applicant_name": name[:200],
            "applicant_contact": (contact or "")[:200],
            "channel": channel,
            "type_id": appeal_type.id,
            "user_id": organization._coop_appeal_responsible().id,
            "consent_date": fields.Datetime.now(),
            "consent_channel": channel,
        }
        if vals.get("source_key"):
            create_vals["source_key"] = vals["source_key"]
        appeal = self.sudo().with_context(mail_create_nolog=True).create(create_vals)
        appeal.message_post(
            body=self.env._("Appeal received by the channel: %s.", appeal._coop_channel_label()),
            attachments=files or None,
            author_id=appeal.partner_id.id or None,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return appeal

    def _coop_channel_label(self):
        self.ensure_one()
        return dict(self._fields["channel"]._description_selection(self.env)).get(self.channel, self.channel)

    @api.model
    def _coop_intake_organization(self, organization):
        """The active organisation the applicant chose; an unknown or archived one is refused."""
        org_id = organization.id if isinstance(organization, models.BaseModel) else organization
        try:
            org_id = int(org_id or 0)
        except (TypeError, ValueError):
            org_id = 0
        org = self.env["coop.union.organization"].sudo().browse(org_id).exists() if org_id > 0 else None
        if not org or not org.active:
            raise UserError(self.env._("Choose the organisation the appeal is addressed to from the list."))
        return org

    @api.model
    def _coop_attachment_limits(self):
        params = self.env["ir.config_parameter"].sudo()
        max_mb = int(
            params.get_param("coop_union.appeal_attachment_max_mb", ATTACHMENT_MAX_MB) or ATTACHMENT_MAX_MB
        )
        max_count = int(
            params.get_param("coop_union.appeal_attachment_max_count", ATTACHMENT_MAX_COUNT)
            or ATTACHMENT_MAX_COUNT
        )
        return max_mb, max_count

    @api.model
    def _coop_intake_attachments(self, attachments):
        """``[(name, bytes)]`` for message_post, after the size and count limits."""
        max_mb, max_count = self._coop_attachment_limits()
        files = []
        for item in attachments or ():
            name, content = item[0], item[1]
            if isinstance(content, str):
                try:
                    content = base64.b64decode(content, validate=True)
                except (binascii.Error, ValueError) as exc:
                    raise UserError(self.env._("The file %s could not be read.", name)) from exc
            if not content:
                continue
            if len(content) > max_mb * 1024 * 1024:
                raise UserError(
                    self.env._("The file %(name)s is larger than %(size)s MB.", name=name, size=max_mb)
                )
            files.append((str(name or "file")[:200], content))
        if len(files) > max_count:
            raise UserError(self.env._("Attach at most %s files to an appeal.", max_count))
        return files

    # ------------------------------------------------------------------ e-mail

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An e-mail to the appeals alias: the sender's membership gives the organisation (an
        unknown sender goes to the default organisation of the settings, else the federation).
        Odoo's mail gateway posts the e-mail, with its attachments, on the new appeal; replies
        are threaded onto it."""
        if not self.env.su:
            raise AccessError(self.env._("Appeals arrive by e-mail through the mail gateway only."))
        values = dict(custom_values or {})
        email_from = msg_dict.get("email_from") or ""
        email = tools.email_normalize(email_from)
        member = self._coop_member_by_email(email)
        organization = member.organization_id or self._coop_default_organization()
        if not organization:
            raise UserError(self.env._("No organisation receives the appeals that arrive by e-mail."))
        text = (
            tools.html2plaintext(msg_dict.get("body") or "").strip()
            or (msg_dict.get("subject") or "").strip()
        )
        if not text:
            raise UserError(self.env._("Write the text of the appeal."))
        author = self.env["res.partner"].browse(msg_dict.get("author_id") or []).exists()
        name = tools.parse_contact_from_email(email_from)[0] or member.name or author.name or email
        values.update(
            {
                "subject": ((msg_dict.get("subject") or "").strip() or text.splitlines()[0])[:SUBJECT_MAX],
                "text": text[:TEXT_MAX],
                "organization_id": organization.id,
                "member_id": member.id,
                "partner_id": (member.partner_id or author).id,
                "applicant_name": (name or self.env._("Unknown applicant"))[:200],
                "applicant_contact": email or email_from[:200],
                "channel": "email",
                "type_id": self.env["coop.union.appeal.type"]._coop_default().id,
                "user_id": organization._coop_appeal_responsible().id,
                # the sender gives his data to be answered by sending the appeal
                "consent_date": fields.Datetime.now(),
                "consent_channel": "email",
            }
        )
        return super().message_new(msg_dict, custom_values=values)

    @api.model
    def _coop_member_by_email(self, email):
        if not email:
            return self.env["coop.union.member"].sudo()
        return (
            self.env["coop.union.member"]
            .sudo()
            .search([("email", "=ilike", email), ("state", "=", "member")], order="id", limit=1)
        )

    @api.model
    def _coop_default_organization(self):
        """The organisation of the settings that receives appeals from unknown senders, else the federation."""
        Org = self.env["coop.union.organization"].sudo()
        org_id = self.env["ir.config_parameter"].sudo().get_param("coop_union.appeal_default_organization_id")
        org = Org.browse(int(org_id)).exists() if org_id and str(org_id).isdigit() else Org
        if org and org.active:
            return org
        return Org.search([("level", "=", "federation")], order="id", limit=1)
