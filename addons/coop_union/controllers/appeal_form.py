"""The public appeal form: anyone, without an account, sends an appeal to an organisation.

Bots are kept out without any outside service: a field people do not see (a bot fills it),
a signed time stamp of when the form was shown (a form sent back faster than a person can
fill it, or a day later, is refused) and a limit of appeals per address per hour.
"""

import time
from datetime import timedelta

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.tools import consteq
from odoo.tools.misc import hmac

FORM_SCOPE = "coop_union.appeal_form"
SOURCE_SCOPE = "coop_union.appeal_source"
# defaults of the settings (ir.config_parameter)
MIN_FILL_SECONDS = 5
MAX_FORM_AGE = 24 * 3600
RATE_LIMIT_PER_HOUR = 5
HONEYPOT = "homepage"


def _param(name, default):
    value = request.env["ir.config_parameter"].sudo().get_param(name)
    try:
        return int(value) if value not in (None, False, "") else default
    except (TypeError, ValueError):
        return default


def form_token(stamp=None):
    """A signed time stamp of when the form is shown."""
    stamp = int(stamp if stamp is not None else time.time())
    return f"{stamp}.{hmac(request.env(su=True), FORM_SCOPE, str(stamp))}"


def source_key():
    """A keyed hash of the sender's address: the rate limit counts appeals without keeping addresses."""
    address = request.httprequest.remote_addr or ""
    return hmac(request.env(su=True), SOURCE_SCOPE, address)


def uploaded_files():
    return [
        (upload.filename, upload.read())
        for upload in request.httprequest.files.getlist("attachment")
        if upload and upload.filename
    ]


class CoopUnionAppealForm(http.Controller):
    def _organizations(self):
        """The active organisations, as the public may see them: name and id only."""
        orgs = request.env["coop.union.organization"].sudo().search([("active", "=", True)])
        return [{"id": org.id, "name": org.complete_name} for org in orgs]

    def _render(self, values=None, error=None, status=200):
        return request.render(
            "coop_union.appeal_form_public",
            {
                "organizations": self._organizations(),
                "values": values or {},
                "error": error,
                "form_token": form_token(),
                "honeypot": HONEYPOT,
                "max_mb": request.env["coop.union.appeal"]._coop_attachment_limits()[0],
            },
            status=status,
        )

    def _check_bot(self, post):
        _ = request.env._
        refused = _("The form could not be accepted. Please fill it in again.")
        if post.get(HONEYPOT):
            raise UserError(refused)
        stamp, _dot, signature = (post.get("form_token") or "").partition(".")
        if not stamp.isdigit() or not consteq(signature, hmac(request.env(su=True), FORM_SCOPE, stamp)):
            raise UserError(refused)
        age = time.time() - int(stamp)
        if age < _param("coop_union.appeal_form_min_seconds", MIN_FILL_SECONDS):
            raise UserError(_("The form was sent too fast. Please check it and send it again."))
        if age > MAX_FORM_AGE:
            raise UserError(_("The form is out of date. Please fill it in again."))
        key = source_key()
        limit = _param("coop_union.appeal_form_rate_limit", RATE_LIMIT_PER_HOUR)
        since = fields.Datetime.now() - timedelta(hours=1)
        sent = (
            request.env["coop.union.appeal"]
            .sudo()
            .search_count([("source_key", "=", key), ("create_date", ">=", since)])
        )
        if sent >= limit:
            raise UserError(_("Too many appeals were sent from your address. Please try again in an hour."))
        return key

    @http.route("/union/appeal", type="http", auth="public", methods=["GET"], website=True, sitemap=False)
    def appeal_form(self, **kw):
        return self._render()

    @http.route(
        "/union/appeal", type="http", auth="public", methods=["POST"], csrf=True, website=True, sitemap=False
    )
    def appeal_submit(self, **post):
        values = {key: post.get(key, "") for key in ("organization_id", "name", "contact", "subject", "text")}
        values["consent"] = bool(post.get("consent"))
        try:
            key = self._check_bot(post)
            if not (post.get("contact") or "").strip():
                raise UserError(
                    request.env._("Give an e-mail address or a phone number to receive the answer.")
                )
            appeal = request.env["coop.union.appeal"]._coop_create_from_channel(
                {
                    "organization_id": post.get("organization_id"),
                    "applicant_name": post.get("name"),
                    "applicant_contact": post.get("contact"),
                    "subject": post.get("subject"),
                    "text": post.get("text"),
                    "consent": values["consent"],
                    "source_key": key,
                },
                "web",
                attachments=uploaded_files(),
            )
        except UserError as error:
            return self._render(values, error=error.args[0], status=400)
        return request.render("coop_union.appeal_form_thanks", {"appeal_name": appeal.name})
