from datetime import date

from odoo import fields, http
from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import html2plaintext


def _portal_teams():
    partner = request.env.user.partner_id
    teams = request.env["helpdesk.ticket.team"].sudo().search([])
    return teams._coop_open_to_partner(partner)


def _portal_template(template_id):
    """A template the current portal user may use, or an empty recordset."""
    Template = request.env["coop.servicedesk.template"].sudo()
    try:
        template_id = int(template_id or 0)
    except ValueError:
        return Template
    template = Template.search([("id", "=", template_id), ("show_in_portal", "=", True)])
    if template and template.team_id in _portal_teams():
        return template
    return Template



def _int_param(value):
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


class CoopHelpdeskTicketController(HelpdeskTicketController):
    @http.route("/ticket/close", type="http", auth="user", methods=["POST"], csrf=True)
    def support_ticket_close(self, **kw):
        """Close one's ticket from the portal.

        Replaces helpdesk_mgmt's route (a GET that closed any ticket): POST with
        CSRF token only, the ticket must be readable by the caller, and the stage
        must be a closing stage of the ticket's team offered in the portal."""
        ticket = request.env["helpdesk.ticket"].browse(_int_param(kw.get("ticket_id")))
        try:
            ticket = ticket.exists()
            ticket.check_access("read")
        except (AccessError, MissingError):
            ticket = ticket.browse()
        if not ticket:
            return request.redirect("/my")
        ticket_sudo = ticket.sudo()
        stage_id = _int_param(kw.get("stage_id"))
        stage = ticket_sudo.team_id._get_applicable_stages().filtered(
            lambda s: s.id == stage_id and s.closed and s.close_from_portal
        )
        if stage and not ticket_sudo.closed:
            ticket_sudo.stage_id = stage
        return request.redirect(f"/my/ticket/{ticket.id}")

    # POST only: Odoo checks the CSRF token of POST requests, a GET (an <img> on any
    # page) would file a request in the visitor's name
    @http.route("/submitted/ticket", type="http", auth="user", website=True, csrf=True, methods=["POST"])
    def submit_ticket(self, **kw):
        # the size of the files: Odoo refuses a request larger than web.max_file_upload_size
        # (413) before this runs, and helpdesk_mgmt's form checks that limit in the browser
        return super().submit_ticket(**kw)

    def _get_teams(self):
        teams = super()._get_teams()
        return teams & _portal_teams().with_env(teams.env) if teams else teams

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        template = _portal_template(kw.get("template"))
        values["coop_template"] = template
        values["coop_template_text"] = html2plaintext(template.description or "").strip() if template else ""
        return values

    def _prepare_submit_ticket_vals(self, **kw):
        if kw.get("category"):
            # only a category offered in the portal and readable by the caller
            category = request.env["helpdesk.ticket.category"].search(
                [("id", "=", _int_param(kw.get("category"))), ("show_in_portal", "=", True)]
            )
            if not category:
                raise UserError(request.env._("This category is not offered to you."))
        vals = super()._prepare_submit_ticket_vals(**kw)
        vals["channel_id"] = request.env.ref("coop_servicedesk.channel_portal").id
        if kw.get("coop_template"):
            template = _portal_template(kw.get("coop_template"))
            if not template:
                raise UserError(request.env._("This template is not offered to you."))
            vals.update(
                coop_template_id=template.id,
                team_id=template.team_id.id,
                stage_id=template.team_id._get_applicable_stages()[:1].id,
            )
            if not kw.get("category"):
                vals["category_id"] = template.category_id.id
        elif vals.get("team_id") and vals["team_id"] not in _portal_teams().ids:
            raise UserError(request.env._("This team does not take your requests."))
        if not vals.get("team_id"):
            # a request sent to nobody in particular is sorted out by the triage team
            company = request.env["res.company"].sudo().browse(vals.get("company_id")) or request.env.company
            triage = request.env["helpdesk.ticket.team"].sudo()._coop_triage_team(company)
            if not triage:
                raise UserError(request.env._("Choose the team your request is for."))
            vals.update(team_id=triage.id, stage_id=triage._get_applicable_stages()[:1].id)
        return vals


class CoopServicedeskPortal(CustomerPortal):
    @http.route("/my/servicedesk", type="http", auth="user", website=True)
    def coop_servicedesk_home(self, search=None, **kw):
        teams = _portal_teams()
        templates = (
            request.env["coop.servicedesk.template"]
            .sudo()
            .search([("team_id", "in", teams.ids), ("show_in_portal", "=", True)])
        )
        articles = request.env["coop.servicedesk.article"].search_published(
            search or "", channel="portal", limit=20
        )
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="coop_servicedesk",
            teams=teams,
            templates=templates,
            articles=articles,
            search=search or "",
        )
        return request.render("coop_servicedesk.portal_servicedesk_home", values)

    @http.route("/my/servicedesk/article/<int:article_id>", type="http", auth="user", website=True)
    def coop_servicedesk_article(self, article_id, **kw):
        article = request.env["coop.servicedesk.article"].search(
            [("id", "=", article_id), ("publish_portal", "=", True)]
        )
        if not article:
            return request.redirect("/my/servicedesk")
        values = self._prepare_portal_layout_values()
        values.update(page_name="coop_servicedesk", article=article)
        return request.render("coop_servicedesk.portal_servicedesk_article", values)

    def _coop_report_period(self, kw):
        try:
            date_from = fields.Date.to_date(kw.get("date_from")) or date.today().replace(day=1)
            date_to = fields.Date.to_date(kw.get("date_to")) or date.today()
        except ValueError:
            date_from, date_to = date.today().replace(day=1), date.today()
        return date_from, date_to

    @http.route("/my/servicedesk/report", type="http", auth="user", website=True)
    def coop_servicedesk_report(self, **kw):
        partner = request.env.user.partner_id.commercial_partner_id
        date_from, date_to = self._coop_report_period(kw)
        values = self._prepare_portal_layout_values()
        # computed as the portal user: only tickets he may read count
        Report = request.env["coop.servicedesk.client.report"]
        try:
            figures = Report._coop_figures(partner, date_from, date_to)
            error = False
        except ValidationError as exc:
            figures, error = False, exc.args[0]
        values.update(
            page_name="coop_servicedesk_report",
            figures=figures,
            error=error,
            date_from=date_from,
            date_to=date_to,
        )
        return request.render("coop_servicedesk.portal_servicedesk_report", values)

    @http.route("/my/servicedesk/report/pdf", type="http", auth="user", website=True)
    def coop_servicedesk_report_pdf(self, **kw):
        partner = request.env.user.partner_id.commercial_partner_id
        date_from, date_to = self._coop_report_period(kw)
        if date_from > date_to:
            return request.redirect("/my/servicedesk/report")
        wizard = (
            request.env["coop.servicedesk.client.report"]
            .sudo()
            .create({"partner_id": partner.id, "date_from": date_from, "date_to": date_to})
        )
        pdf, _type = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf("coop_servicedesk.action_report_client_service", wizard.ids)
        )
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", 'attachment; filename="service-report.pdf"'),
            ],
        )

    @http.route("/my/telegram", type="http", auth="user", website=True)
    def coop_telegram(self, **kw):
        partner = request.env.user.partner_id
        links = (
            request.env["coop.telegram.link"]
            .sudo()
            .search([("partner_id", "=", partner.id), ("state", "in", ("pending", "linked"))])
        )
        values = self._prepare_portal_layout_values()
        values.update(page_name="coop_telegram", links=links)
        return request.render("coop_servicedesk.portal_telegram", values)

    @http.route("/my/telegram/code", type="http", auth="user", methods=["POST"], website=True)
    def coop_telegram_code(self, **kw):
        partner = request.env.user.partner_id
        Link = request.env["coop.telegram.link"]
        # a fresh pending code (shown on the page) is kept rather than voided by a second click
        if not Link._reissue_wait(partner):
            Link.issue_code(partner)
        return request.redirect("/my/telegram")

    @http.route(
        "/my/telegram/revoke/<int:link_id>",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def coop_telegram_revoke(self, link_id, **kw):
        link = (
            request.env["coop.telegram.link"]
            .sudo()
            .search([("id", "=", link_id), ("partner_id", "=", request.env.user.partner_id.id)])
        )
        link.action_revoke()
        return request.redirect("/my/telegram")
