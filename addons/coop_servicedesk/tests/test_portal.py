from odoo import Command, http
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortal(HttpCase):
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
                "client_partner_ids": [Command.set(cls.client.ids)],
            }
        )
        cls.team_other = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Аутсорсинг ИБ: Дельта",
                "coop_audience": "client",
                "client_partner_ids": [Command.set(cls.other.ids)],
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
        self.env["ir.config_parameter"].set_param("coop_servicedesk.max_attachment_bytes", 100)
        self.authenticate(self.user.login, self.user.login)
        resp = self.url_open(
            "/submitted/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "coop_template": self.template.id,
                "subject": "Слишком большой файл",
                "description": "см. вложение",
            },
            files={"attachment": ("dump.pcap", b"x" * 1000)},
            allow_redirects=False,
        )
        self.assertNotEqual(resp.status_code, 303)
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
