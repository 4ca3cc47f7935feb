from odoo import Command
from odoo.addons.coop_base.tests.tour import RussianTourCase
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import ServicedeskCase


@tagged("post_install", "-at_install")
class TestKbAnswer(ServicedeskCase):
    """An agent answers a ticket from the published articles its requester may read; the
    articles count how often agents and the bot answered with them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Article = cls.env["coop.servicedesk.article"]
        cls.general = Article.create(
            {
                "name": "Как сбросить пароль VPN",
                "body": "<p>Откройте портал самообслуживания и нажмите «Сбросить пароль».</p>",
                "keywords": "vpn пароль",
                "publish_portal": True,
                "publish_bot": True,
            }
        )
        cls.for_alfa = Article.create(
            {"name": "VPN Альфы", "body": "<p>Шлюз Альфы: vpn.alfa.example</p>", "publish_portal": True,
             "team_id": cls.team_client_a.id}
        )
        cls.internal_howto = Article.create(
            {"name": "VPN для сотрудников", "body": "<p>Внутренний шлюз</p>", "publish_bot": True,
             "team_id": cls.team_legal.id}
        )
        cls.draft = Article.create({"name": "VPN черновик", "body": "<p>x</p>", "team_id": cls.team_client_a.id})
        cls._link(cls.portal_a.partner_id, "5501")

    def _wizard(self, ticket, user=None):
        Wizard = self.env["coop.servicedesk.article.answer"].with_user(user or self.agent)
        return Form(Wizard.with_context(active_model="helpdesk.ticket", active_id=ticket.id))

    def test_agent_answers_with_an_article(self):
        ticket = self._ticket(team=self.team_client_a, partner=self.portal_a.partner_id)
        form = self._wizard(ticket)
        form.query = "vpn"
        # the client's own and the general articles; never an internal how-to or a draft
        offered = form.allowed_article_ids
        self.assertIn(self.general, offered)
        self.assertIn(self.for_alfa, offered)
        self.assertNotIn(self.internal_howto, offered)
        self.assertNotIn(self.draft, offered)
        form.article_id = self.general
        self.assertIn("портал самообслуживания", form.body)
        form.mode = "full"
        self.assertIn("Как сбросить пароль VPN", form.body)
        form.save().action_send()
        self.assertIn("портал самообслуживания", ticket.message_ids[0].body)
        self.assertEqual(ticket.message_ids[0].author_id, self.agent.partner_id)
        self.assertTrue(
            self.Outbox.search([("ticket_id", "=", ticket.id), ("chat_id", "=", "5501")]),
            "the reply reaches the requester's Telegram too",
        )
        self.assertEqual((self.general.use_count_agent, self.general.use_count_bot), (1, 0))
        # the bot answers with the same article
        self._bridge_api().send_article("5501", self.general.id)
        self.assertEqual((self.general.use_count_agent, self.general.use_count_bot), (1, 1))

    def test_internal_requester_gets_internal_howtos_not_other_clients(self):
        ticket = self._ticket(team=self.team_legal, partner=self.staff.partner_id)
        form = self._wizard(ticket)
        form.query = "vpn"
        offered = form.allowed_article_ids
        self.assertIn(self.general, offered)
        self.assertIn(self.internal_howto, offered)
        self.assertNotIn(self.for_alfa, offered, "another company's answer is not the employee's")

    def test_article_not_for_the_requester_is_refused(self):
        ticket = self._ticket(team=self.team_client_a, partner=self.portal_a.partner_id)
        wizard = self.env["coop.servicedesk.article.answer"].with_user(self.agent).create(
            {"ticket_id": ticket.id, "article_id": self.internal_howto.id, "body": "<p>x</p>"}
        )
        with self.assertRaises(UserError):
            wizard.action_send()
        self.assertFalse(self.internal_howto.use_count_agent)

    def test_only_agents_who_may_change_the_ticket(self):
        ticket = self._ticket(team=self.team_client_a, partner=self.portal_a.partner_id)
        with self.assertRaises(AccessError):
            self.env["coop.servicedesk.article.answer"].with_user(self.staff).create({"ticket_id": ticket.id})
        with self.assertRaises(AccessError):
            self.env["coop.servicedesk.article.answer"].with_user(self.agent2).create(
                {"ticket_id": ticket.id, "article_id": self.general.id, "body": "<p>x</p>"}
            )


@tagged("post_install", "-at_install")
class TestKbAnswerTour(RussianTourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="sd_kb_agent_tour",
            password="sd_kb_agent_tour",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user_team",
            name="Оксана Агентова",
        )
        cls.client = cls.env["res.partner"].create({"name": "ООО Тур", "is_company": True})
        cls.requester = cls.env["res.partner"].create(
            {"name": "Иван Турин", "parent_id": cls.client.id, "email": "ivan@tour.example"}
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {
                "name": "Аутсорсинг ИБ: Тур",
                "coop_audience": "client",
                "coop_client_partner_ids": [Command.set(cls.client.ids)],
                "user_ids": [Command.set(cls.agent.ids)],
            }
        )
        cls.env["coop.servicedesk.article"].create(
            {
                "name": "Как сбросить пароль VPN",
                "body": "<p>Откройте портал самообслуживания и нажмите «Сбросить пароль».</p>",
                "keywords": "vpn пароль",
                "publish_portal": True,
            }
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {"name": "Не помню пароль VPN", "description": "<p>Помогите</p>", "team_id": cls.team.id,
             "partner_id": cls.requester.id, "user_id": cls.agent.id}
        )

    def test_tour_agent_inserts_a_kb_answer(self):
        self.start_tour(
            f"/odoo/action-helpdesk_mgmt.helpdesk_ticket_action/{self.ticket.id}",
            "coop_servicedesk_kb_answer",
            login=self.agent.login,
        )
        self.assertIn("портал самообслуживания", self.ticket.message_ids[0].body)
