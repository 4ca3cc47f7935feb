"""Public pages of the union's mailing lists with double opt-in: subscribe, then confirm with
the signed link of the confirmation e-mail. Every change is a POST with the CSRF token; the GET
pages only show a form."""

from odoo import http, tools
from odoo.http import request
from werkzeug.exceptions import NotFound


class CoopUnionMailingController(http.Controller):
    def _coop_public_list(self, list_id):
        mailing_list = request.env["mailing.list"].sudo().browse(list_id).exists()
        if not mailing_list or not mailing_list.active or not mailing_list.is_public or not mailing_list.coop_double_optin:
            raise NotFound()
        return mailing_list

    def _coop_render(self, template, values, status=200):
        return request.render(template, values, status=status)

    @http.route("/coop/mailing/subscribe/<int:list_id>", type="http", auth="public", methods=["GET"], website=True, sitemap=False
    )
    def coop_subscribe_page(self, list_id, **kwargs):
        mailing_list = self._coop_public_list(list_id)
        return self._coop_render("coop_union.mailing_subscribe_page", {"mailing_list": mailing_list})

    @http.route(
        "/coop/mailing/subscribe/<int:list_id>", type="http", auth="public", methods=["POST"], csrf=True, website=True, sitemap=False
    )
    def coop_subscribe(self, list_id, name="", email="", website="", **kwargs):
        mailing_list = self._coop_public_list(list_id)
        env = request.env
        values = {"mailing_list": mailing_list, "name": name, "email": email}
        if website:
            # a field people do not see, filled by robots: nothing is recorded
            return self._coop_render("coop_union.mailing_subscribe_done", values)
        normalized = tools.email_normalize(email or "")
        if not normalized or not (name or "").strip():
            values["error"] = env._("Please give your name and a valid e-mail address.")
            return self._coop_render("coop_union.mailing_subscribe_page", values, status=400)
        mailing_list._coop_public_subscribe(name.strip(), normalized)
        return self._coop_render("coop_union.mailing_subscribe_done", values)

    def _coop_subscription(self, subscription_id, token):
        sub = request.env["mailing.subscription"].sudo().browse(subscription_id).exists()
        if not sub or not sub._coop_check_token(token):
            return None
        return sub

    @http.route(
        "/coop/mailing/confirm/<int:subscription_id>/<string:token>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        sitemap=False,
    )
    def coop_confirm_page(self, subscription_id, token, **kwargs):
        sub = self._coop_subscription(subscription_id, token)
        if not sub:
            return self._coop_render("coop_union.mailing_confirm_result", {"result": "invalid"}, status=403)
        return self._coop_render(
            "coop_union.mailing_confirm_page",
            {"subscription": sub, "token": token, "result": sub.coop_state != "pending" and "done"},
        )

    @http.route(
        "/coop/mailing/confirm/<int:subscription_id>/<string:token>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=True,
        website=True,
        sitemap=False,
    )
    def coop_confirm(self, subscription_id, token, **kwargs):
        sub = self._coop_subscription(subscription_id, token)
        if not sub:
            return self._coop_render("coop_union.mailing_confirm_result", {"result": "invalid"}, status=403)
        result = sub._coop_confirm(token)
        return self._coop_render("coop_union.mailing_confirm_result", {"result": result, "subscription": sub})
