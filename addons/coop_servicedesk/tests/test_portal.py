from odoo import Command, http
from odoo.addons.coop_base.tests.tour import RussianTourCase
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortal(RussianTourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client = cls.env["res.partner"].create({"name": "ООО Гамма", "is_company": True})
        cls.other = cls.env["res.partner"].create({"name": "ООО Дельта", "is_company": True})
        cls.user = new_test_user(
            cls.env,
            login="sd_portal_tour",
            password="sd_portal_tour",
            groups="base.group_portal",
            name="Галина Гаммова",
            email="galina@gamma.example",
        )
        cls.user.partner_id.parent_id = cls.client
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Аутсорсинг ИБ: Гамма",
                "coop_audience": "client",
                "coop_client_partner_ids": [Command.set(cls.client.ids)],
            }
        )
        cls.team_other = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Аутсорсинг ИБ: Дельта",
                "coop_audience": "client",
                "coop_client_partner_ids": [Command.set(cls.other.ids)],
            }
        )
        cls.template = cls.env["coop.servicedesk.template"].create(
            {
                "name": "Заблокировать учётную запись",
                "team_id": cls.team.id,
                "priority": "3",
                "description": "<p>Логин сотрудника:</p>",
            }
        )
        cls.template_other = cls.env["coop.servicedesk.template"].create(
            {"name": "Шаблон Дельты", "team_id": cls.team_other.id}
        )

    def test_tour_ticket_from_template(self):
        self.start_tour("/my/servicedesk", "coop_servicedesk_portal_template", login=self.user.login)
        ticket = self.env["helpdesk.ticket"].search([("partner_id", "=", self.user.partner_id.id)])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.coop_template_id, self.template)
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.priority, "3")
        self.assertEqual(ticket.channel_id, self.env.ref("coop_servicedesk.channel_portal"))
        self.assertIn("petrov", ticket.description)
        self.assertEqual(ticket.name, "Заблокировать учётную запись")

    def test_pages(self):
        self.authenticate(self.user.login, self.user.login)
        home = self.url_open("/my/servicedesk").text
        self.assertIn("Заблокировать учётную запись", home)
        self.assertNotIn("Шаблон Дельты", home)
        form = self.url_open(f"/new/ticket?template={self.template_other.id}").text
        self.assertNotIn("Шаблон Дельты", form, "another client's template is not offered")
        report = self.url_open("/my/servicedesk/report?date_from=2026-01-01&date_to=2026-12-31")
        self.assertEqual(report.status_code, 200)
        self.assertIn("ООО Гамма", report.text)
        bad = self.url_open("/my/servicedesk/report?date_from=2026-12-31&date_to=2026-01-01")
        self.assertIn("alert-danger", bad.text)
        pdf = self.url_open("/my/servicedesk/report/pdf?date_from=2026-01-01&date_to=2026-12-31")
        self.assertEqual(pdf.status_code, 200)
        self.assertIn("ООО Гамма", pdf.content.decode())

    def test_oversized_attachment_rejected(self):
        self.env["ir.config_parameter"].set_param("web.max_file_upload_size", 4096)
        self.authenticate(self.user.login, self.user.login)
        resp = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "coop_template": self.template.id,
                "subject": "Слишком большой файл",
                "description": "см. вложение",
            },
            files={"attachment": ("dump.pcap", b"x" * 5000)},
            allow_redirects=False,
        )
        self.assertEqual(resp.status_code, 413, "Odoo refuses a request above its upload limit")
        self.assertFalse(
            self.env["helpdesk.ticket"].search([("name", "=", "Слишком большой файл")]),
            "nothing is created when an attachment is refused",
        )
        ok = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "coop_template": self.template.id,
                "subject": "Нормальный файл",
                "description": "см. вложение",
            },
            files={"attachment": ("note.txt", b"x" * 50)},
            allow_redirects=False,
        )
        self.assertIn(ok.status_code, (302, 303))
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "Нормальный файл")])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.attachment_ids.mapped("name"), ["note.txt"])

    def test_telegram_code_page(self):
        self.authenticate(self.user.login, self.user.login)
        page = self.url_open("/my/telegram")
        self.assertEqual(page.status_code, 200)
        self.url_open(
            "/my/telegram/code", data={"csrf_token": http.Request.csrf_token(self)}, allow_redirects=True
        )
        link = self.env["coop.telegram.link"].search([("partner_id", "=", self.user.partner_id.id)])
        self.assertEqual(len(link), 1)
        self.assertEqual(link.state, "pending")
        self.assertIn(link.code, self.url_open("/my/telegram").text)
        self.url_open(f"/my/telegram/revoke/{link.id}", data={"csrf_token": http.Request.csrf_token(self)})
        self.assertEqual(link.state, "revoked")


@tagged("post_install", "-at_install")
class TestPortalAccess(HttpCase):
    """Inherited helpdesk_mgmt portal routes, tried by another client."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.helpdesk_mgmt_portal_select_team = False
        Partner = cls.env["res.partner"]
        cls.client = Partner.create({"name": "ООО Гамма", "is_company": True})
        cls.other = Partner.create({"name": "ООО Дельта", "is_company": True})
        cls.user = new_test_user(
            cls.env, login="sd_close_g", password="sd_close_g", groups="base.group_portal", name="Гаммов"
        )
        cls.user.partner_id.parent_id = cls.client
        cls.intruder = new_test_user(
            cls.env, login="sd_close_d", password="sd_close_d", groups="base.group_portal", name="Дельтов"
        )
        cls.intruder.partner_id.parent_id = cls.other
        Team = cls.env["helpdesk.ticket.team"]
        Team.search([("coop_is_triage", "=", True)]).coop_is_triage = False
        cls.triage = Team.create({"name": "Разбор (тест)", "coop_is_triage": True, "show_in_portal": False})
        cls.team = Team.create(
            {
                "name": "Аутсорсинг ИБ: Гамма",
                "coop_audience": "client",
                "coop_client_partner_ids": [Command.set(cls.client.ids)],
            }
        )
        cls.team_other = Team.create(
            {
                "name": "Аутсорсинг ИБ: Дельта",
                "coop_audience": "client",
                "coop_client_partner_ids": [Command.set(cls.other.ids)],
            }
        )
        Stage = cls.env["helpdesk.ticket.stage"]
        cls.st_new = Stage.create(
            {"name": "Новая (Г)", "sequence": 1, "team_ids": [Command.set(cls.team.ids)]}
        )
        cls.st_close = Stage.create(
            {
                "name": "Закрыта клиентом (Г)",
                "sequence": 9,
                "closed": True,
                "close_from_portal": True,
                "team_ids": [Command.set(cls.team.ids)],
            }
        )
        cls.st_close_other = Stage.create(
            {
                "name": "Закрыта клиентом (Д)",
                "sequence": 9,
                "closed": True,
                "close_from_portal": True,
                "team_ids": [Command.set(cls.team_other.ids)],
            }
        )
        cls.st_done_staff = Stage.create(
            {"name": "Выполнена (Г)", "sequence": 8, "closed": True, "team_ids": [Command.set(cls.team.ids)]}
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Заявка Гаммы",
                "description": "<p>x</p>",
                "team_id": cls.team.id,
                "partner_id": cls.user.partner_id.id,
            }
        )

    def _close(self, stage, ticket=None, csrf=True):
        data = {"ticket_id": (ticket or self.ticket).id, "stage_id": stage.id}
        if csrf:
            data["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open("/ticket/close", data=data, allow_redirects=False)

    def test_S1_portal_close_other_company_ticket_refused(self):
        self.authenticate(self.intruder.login, self.intruder.login)
        self._close(self.st_close)
        self.assertEqual(self.ticket.stage_id, self.st_new, "another client's ticket stays open")
        # the old GET (an <img> on any page) closes nothing, even the caller's own ticket
        self.authenticate(self.user.login, self.user.login)
        resp = self.url_open(f"/ticket/close?ticket_id={self.ticket.id}&stage_id={self.st_close.id}")
        self.assertNotEqual(resp.status_code, 200)
        self.assertEqual(self.ticket.stage_id, self.st_new)
        # a POST without the CSRF token neither
        self._close(self.st_close, csrf=False)
        self.assertEqual(self.ticket.stage_id, self.st_new)
        # nor a stage of another team, nor a closing stage not offered in the portal
        self._close(self.st_close_other)
        self._close(self.st_done_staff)
        self.assertEqual(self.ticket.stage_id, self.st_new)
        # the requester closes his own ticket with the offered stage
        resp = self._close(self.st_close)
        self.assertIn(resp.status_code, (302, 303))
        self.assertEqual(self.ticket.stage_id, self.st_close)
        page = self.url_open(f"/my/ticket/{self.ticket.id}")
        self.assertEqual(page.status_code, 200)

    def test_S1_close_button_is_a_post_form(self):
        self.authenticate(self.user.login, self.user.login)
        page = self.url_open(f"/my/ticket/{self.ticket.id}").text
        self.assertIn('action="/ticket/close"', page)
        self.assertIn('method="POST"', page)
        self.assertNotIn('method="GET"', page.split('action="/ticket/close"')[0][-300:])
        self.assertIn('name="csrf_token"', page)

    def test_S1_portal_submit_is_post_only(self):
        self.authenticate(self.user.login, self.user.login)
        resp = self.url_open("/submitted/ticket?subject=GET-заявка&description=x", allow_redirects=False)
        self.assertNotIn(resp.status_code, (200, 302, 303))
        self.assertFalse(self.env["helpdesk.ticket"].search([("name", "=", "GET-заявка")]))

    def test_S5_portal_ticket_without_template_goes_to_triage(self):
        self.authenticate(self.user.login, self.user.login)
        resp = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "subject": "Без шаблона",
                "description": "просто вопрос",
            },
            allow_redirects=False,
        )
        self.assertIn(resp.status_code, (302, 303))
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "Без шаблона")])
        self.assertEqual(ticket.team_id, self.triage)
        self.assertEqual(ticket.partner_id, self.user.partner_id)
        # a team-level agent of another team does not see it
        agent = new_test_user(
            self.env,
            login="sd_close_agent",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user_team",
        )
        self.team.user_ids = agent
        self.assertFalse(self.env["helpdesk.ticket"].with_user(agent).search([("id", "=", ticket.id)]))
        # another client's team is refused
        self.env.company.helpdesk_mgmt_portal_select_team = True
        self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "team": self.team_other.id,
                "subject": "Чужая команда",
                "description": "x",
            },
            allow_redirects=False,
        )
        self.assertFalse(self.env["helpdesk.ticket"].search([("name", "=", "Чужая команда")]))
