from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ServicedeskCase


@tagged("post_install", "-at_install")
class TestTelegramBridge(ServicedeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._link(cls.portal_a.partner_id, "7001")
        cls._link(cls.portal_b.partner_id, "7002")
        cls._link(cls.staff.partner_id, "7003")

    def test_bridge_user_has_no_direct_access(self):
        self.assertTrue(self.bridge.share)
        self.assertEqual(self.bridge.groups_id, self.env.ref("coop_servicedesk.group_telegram_bridge"))
        ticket = self.Ticket.create(
            {
                "name": "Чужая заявка",
                "description": "<p>x</p>",
                "team_id": self.team_client_a.id,
                "partner_id": self.portal_a.partner_id.id,
            }
        )
        lead = self.env["crm.lead"].create({"name": "Пресейл", "partner_id": self.client_a.id})
        for model, rec in (
            ("helpdesk.ticket", ticket),
            ("res.partner", self.client_a),
            ("crm.lead", lead),
            ("coop.telegram.link", self.Link.search([], limit=1)),
            ("coop.telegram.outbox", self.Outbox),
            ("helpdesk.ticket.team", self.team_legal),
            ("coop.servicedesk.article", self.env["coop.servicedesk.article"]),
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.bridge).search([])
            if rec:
                with self.subTest(model=model), self.assertRaises(AccessError):
                    rec.with_user(self.bridge).read(["display_name"])
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.bridge).create({"name": "x"})

    def test_only_bridge_group_may_call(self):
        for user in (self.staff, self.portal_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["coop.telegram.bridge"].with_user(user).chat_info("7001")
            with self.assertRaises(AccessError):
                self.env["coop.telegram.bridge"].with_user(user).outbox_claim("w")

    def test_teams_per_partner(self):
        api = self._bridge_api()
        self.assertEqual([t["id"] for t in api.list_teams("7001")], [self.team_client_a.id])
        self.assertEqual(api.list_teams("7002"), [], "client B has no service team")
        staff_teams = {t["id"] for t in api.list_teams("7003")}
        self.assertIn(self.team_legal.id, staff_teams)
        self.assertNotIn(self.team_client_a.id, staff_teams)
        self.assertEqual(api.list_teams("9999"), [])
        info = api.chat_info("7001")
        self.assertEqual(info["partner_name"], "Анна Альфина")
        self.assertEqual(info["email"], "anna@alfa.example")

    def test_templates_per_team(self):
        api = self._bridge_api()
        tmpls = api.list_templates("7001", self.team_client_a.id)
        self.assertEqual([t["id"] for t in tmpls], [self.tmpl_incident.id])
        self.assertIn("Что произошло", tmpls[0]["description"])
        self.assertEqual(api.list_templates("7001", self.team_legal.id), [])
        self.assertEqual(
            [t["id"] for t in api.list_templates("7001", str(self.team_client_a.id))],
            [self.tmpl_incident.id],
        )
        self.assertEqual(api.list_templates("7001", "not a number"), [])
        self.assertEqual(api.list_templates("9999", self.team_client_a.id), [])

    def _register(self):
        return self.env["coop.telegram.ticket.request"]._coop_register_pending(limit=10000)

    def test_create_ticket_idempotent(self):
        self.env.company.helpdesk_mgmt_ticket_auto_assign = True
        api = self._bridge_api()
        res = api.create_ticket(
            "7001", self.team_client_a.id, self.tmpl_incident.id, "Сработал антивирус", "u-1"
        )
        self.assertTrue(res["ok"], res)
        self.assertIs(res["id"], False, "the ticket follows from the registration job")
        self.assertEqual(res["name"], "Инцидент ИБ")
        again = api.create_ticket(
            "7001", self.team_client_a.id, self.tmpl_incident.id, "Сработал антивирус", "u-1"
        )
        self.assertEqual(again, res)
        self.assertEqual(self.env["coop.telegram.ticket.request"].search_count([("request_uid", "=", "u-1")]), 1)
        self._register()
        ticket = self.Ticket.search([("coop_bridge_request_uid", "=", "u-1")])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.number, res["number"])
        self.assertEqual(ticket.partner_id, self.portal_a.partner_id)
        self.assertEqual(ticket.channel_id, self.env.ref("coop_servicedesk.channel_telegram"))
        self.assertEqual(ticket.coop_template_id, self.tmpl_incident)
        self.assertEqual(ticket.priority, "3")
        self.assertEqual(ticket.name, "Инцидент ИБ")
        self.assertFalse(ticket.user_id, "the bridge account is never the assignee")
        self.assertIn("Сработал антивирус", ticket.description)
        self.assertIn("Что произошло", ticket.description, "the template's text comes first")
        again = api.create_ticket(
            "7001", self.team_client_a.id, self.tmpl_incident.id, "Сработал антивирус", "u-1"
        )
        self.assertEqual(again, {"ok": True, "id": ticket.id, "number": ticket.number, "name": ticket.name})
        self.assertEqual(self.Ticket.search_count([("coop_bridge_request_uid", "=", "u-1")]), 1)
        # another chat cannot reuse that request id
        self.assertFalse(api.create_ticket("7003", self.team_legal.id, False, "x", "u-1")["ok"])

    def test_create_ticket_bad_input(self):
        api = self._bridge_api()
        Request = self.env["coop.telegram.ticket.request"]
        count, requests = self.Ticket.search_count([]), Request.search_count([])
        cases = [
            ("9999", self.team_client_a.id, False, "text", "u-2"),  # unlinked chat
            ("7002", self.team_client_a.id, False, "text", "u-3"),  # team of another client
            ("7001", self.team_client_a.id, self.tmpl_contract.id, "text", "u-4"),  # other team's template
            ("7001", self.team_client_a.id, "bogus", "text", "u-4b"),  # malformed template id
            ("7001", self.team_client_a.id, False, "   ", "u-5"),  # empty
            ("7001", self.team_client_a.id, False, "text", ""),  # no request id
            ("7001", self.team_client_a.id, False, "x" * 20001, "u-6"),  # too long
        ]
        for args in cases:
            with self.subTest(args=args[:4]):
                res = api.create_ticket(*args)
                self.assertFalse(res["ok"])
                self.assertTrue(res["error"])
        self.assertEqual(self.Ticket.search_count([]), count, "nothing was created")
        self.assertEqual(Request.search_count([]), requests, "nothing was filed")

    def test_my_tickets_and_status_are_scoped(self):
        api = self._bridge_api()
        self._link(self.portal_a2.partner_id, "7004")
        mine = api.create_ticket("7001", self.team_client_a.id, False, "Нужен отчёт\nза май", "u-7")
        self.assertEqual(mine["name"], "Нужен отчёт")
        colleague = self.Ticket.create(
            {
                "name": "Заявка коллеги",
                "description": "<p>x</p>",
                "team_id": self.team_client_a.id,
                "partner_id": self.portal_a2.partner_id.id,
            }
        )
        # pending: shown first, to its own requester's chat only
        older = self.Ticket.create(
            {
                "name": "Давняя заявка",
                "description": "<p>x</p>",
                "team_id": self.team_client_a.id,
                "partner_id": self.portal_a.partner_id.id,
            }
        )
        for registered in (False, True):
            with self.subTest(registered=registered):
                if registered:
                    self._register()
                    self.assertEqual(
                        self.Ticket.search([("number", "=", mine["number"])]).partner_id, self.portal_a.partner_id
                    )
                listed = api.my_tickets("7001")
                self.assertEqual([t["number"] for t in listed], [mine["number"], older.number])
                self.assertEqual(listed[0]["name"], "Нужен отчёт")
                self.assertFalse(listed[0]["closed"])
                if not registered:
                    # the requester's language (the database's may be English or Russian only)
                    lang = self.portal_a.partner_id.lang or self.env.user.lang
                    Request = self.env["coop.telegram.ticket.request"].with_context(lang=lang)
                    label = dict(Request._fields["state"]._description_selection(Request.env))["pending"]
                    self.assertEqual(listed[0]["stage"], label)
                status = api.ticket_status("7001", mine["number"])
                self.assertTrue(status["ok"])
                self.assertEqual(status["number"], mine["number"])
                self.assertEqual(status["team"], self.team_client_a.name)
                self.assertTrue(api.ticket_status("7001", mine["number"].lower())["ok"])
                self.assertFalse(api.ticket_status("7001", colleague.number)["ok"])
                for chat in ("7002", "7004", "9999"):
                    self.assertFalse(api.ticket_status(chat, mine["number"])["ok"])
                    self.assertNotIn(mine["number"], [t["number"] for t in api.my_tickets(chat)])
                self.assertEqual([t["number"] for t in api.my_tickets("7004")], [colleague.number])
                self.assertEqual(api.my_tickets("7002"), [])
                self.assertEqual(api.my_tickets("9999"), [])

    def test_my_tickets_lists_thirty_at_most(self):
        api = self._bridge_api()
        older = self._ticket(team=self.team_client_a, partner=self.portal_a.partner_id)
        filed = [
            api.create_ticket("7001", self.team_client_a.id, False, f"Заявка {i}", f"u-30-{i}")["number"]
            for i in range(30)
        ]
        listed = [t["number"] for t in api.my_tickets("7001")]
        self.assertEqual(listed, filed[::-1], "the newest thirty: the pending requests")
        self.assertNotIn(older.number, listed)
        self._register()
        listed = [t["number"] for t in api.my_tickets("7001")]
        self.assertEqual(listed, filed[::-1])

    def test_articles(self):
        Article = self.env["coop.servicedesk.article"]
        pub = Article.create(
            {
                "name": "Как сбросить пароль квазиплазмы",
                "body": "<p>Откройте портал и нажмите «Сбросить пароль».</p>",
                "keywords": "квазиплазма пароль",
                "publish_bot": True,
            }
        )
        Article.create(
            {
                "name": "Внутренняя инструкция квазиплазмы",
                "body": "<p>секрет</p>",
                "publish_bot": False,
            }
        )
        api = self._bridge_api()
        found = api.search_articles("9999", "квазиплазма пароль")
        self.assertEqual([a["id"] for a in found], [pub.id])
        self.assertIn("Сбросить", found[0]["summary"])
        self.assertEqual(api.search_articles("9999", "несуществующееслово"), [])
        self.assertFalse(api.send_article("9999", pub.id)["ok"])
        sent = api.send_article("7001", pub.id)
        self.assertEqual(sent, {"ok": True, "email": "anna@alfa.example"})
        mail = self.env["mail.mail"].search([("email_to", "=", "anna@alfa.example")])
        self.assertEqual(len(mail), 1)
        self.assertIn("Сбросить пароль", mail.body_html)
        hidden = Article.search([("name", "=", "Внутренняя инструкция квазиплазмы")])
        self.assertFalse(api.send_article("7001", hidden.id)["ok"])
