"""A member with a portal account files his appeals and follows them: /my/appeals."""

from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from .appeal_form import uploaded_files


def _own_domain():
    return [("partner_id", "=", request.env.user.partner_id.id), ("member_id", "!=", False)]


def _own_member():
    """The member whose contact is the portal user's (a current member), or an empty recordset."""
    return (
        request.env["coop.union.member"]
        .sudo()
        .search([("partner_id", "=", request.env.user.partner_id.id), ("state", "=", "member")], limit=1)
    )


class CoopUnionPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "coop_union_appeal_count" in counters:
            Appeal = request.env["coop.union.appeal"]
            values["coop_union_appeal_count"] = (
                Appeal.search_count(_own_domain()) if Appeal.has_access("read") else 0
            )
        return values

    @http.route(["/my/appeals"], type="http", auth="user", website=True)
    def portal_my_appeals(self, **kw):
        values = self._prepare_portal_layout_values()
        appeals = (
            request.env["coop.union.appeal"].search(_own_domain())
            if request.env["coop.union.appeal"].has_access("read")
            else request.env["coop.union.appeal"]
        )
        values.update(
            {"appeals": appeals, "page_name": "coop_union_appeals", "can_file": bool(_own_member())}
        )
        return request.render("coop_union.portal_my_appeals", values)

    @http.route(["/my/appeals/<int:appeal_id>"], type="http", auth="user", website=True)
    def portal_my_appeal(self, appeal_id, **kw):
        try:
            appeal = self._document_check_access("coop.union.appeal", appeal_id)
        except (AccessError, MissingError):
            return request.redirect("/my/appeals")
        if appeal.member_id.partner_id != request.env.user.partner_id:
            return request.redirect("/my/appeals")
        values = self._prepare_portal_layout_values()
        values.update({"appeal": appeal, "page_name": "coop_union_appeal"})
        return request.render("coop_union.portal_my_appeal", values)

    def _appeal_new_values(self, values=None, error=None):
        layout = self._prepare_portal_layout_values()
        layout.update(
            {
                "member": _own_member(),
                "values": values or {},
                "error": error,
                "page_name": "coop_union_appeal_new",
                "max_mb": request.env["coop.union.appeal"]._coop_attachment_limits()[0],
            }
        )
        return layout

    @http.route(["/my/appeals/new"], type="http", auth="user", methods=["GET"], website=True)
    def portal_appeal_new(self, **kw):
        return request.render("coop_union.portal_appeal_new", self._appeal_new_values())

    @http.route(["/my/appeals/new"], type="http", auth="user", methods=["POST"], csrf=True, website=True)
    def portal_appeal_submit(self, **post):
        values = {
            "subject": post.get("subject", ""),
            "text": post.get("text", ""),
            "consent": bool(post.get("consent")),
        }
        member = _own_member()
        try:
            if not member:
                raise UserError(
                    request.env._(
                        "Only a union member can file an appeal here: your account is not linked to a member."
                    )
                )
            appeal = request.env["coop.union.appeal"]._coop_create_from_channel(
                {
                    "organization_id": member.organization_id.id,
                    "member_id": member.id,
                    "partner_id": member.partner_id.id,
                    "subject": post.get("subject"),
                    "text": post.get("text"),
                    "consent": values["consent"],
                },
                "portal",
                attachments=uploaded_files(),
            )
        except UserError as error:
            return request.render(
                "coop_union.portal_appeal_new",
                self._appeal_new_values(values, error=error.args[0]),
                status=400,
            )
        appeal.message_subscribe(partner_ids=member.partner_id.ids)
        return request.redirect(f"/my/appeals/{appeal.id}")
