from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import ServicedeskCase


@tagged("post_install", "-at_install")
class TestAccessHardening(ServicedeskCase):
    """Each refusal is tried as the restricted user, with the entitled user beside it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="sd_manager",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_manager",
            name="Мария Руководитель",
            email="maria@coop.example",
        )
        cls.ticket_a = cls.Ticket.create(
            {
                "name": "Заявка Альфы",
                "description": "<p>a</p>",
                "team_id": cls.team_client_a.id,
                "partner_id": cls.portal_a.partner_id.id,
            }
        )
        cls.ticket_legal = cls.Ticket.create(
            {
                "name": "Проверить договор",
                "description": "<p>c</p>",
                "team_id": cls.team_legal.id,
                "partner_id": cls.staff.partner_id.id,
            }
        )
        cls.Article = cls.env["coop.servicedesk.article"]

    # ------------------------------------------------------------------
    # S2: Telegram links change only through the link flow
    # ------------------------------------------------------------------
    def test_S2_agent_cannot_read_codes_or_forge_a_link(self):
        pending = self.Link.issue_code(self.portal_a.partner_id)
        linked = self._link(self.portal_b.partner_id, "7001")
        Link = self.Link.with_user(self.agent)
        with self.assertRaises(AccessError):
            Link.search([])
        with self.assertRaises(AccessError):
            pending.with_user(self.agent).read(["code"])
        with self.assertRaises(AccessError):
            Link.create({"partner_id": self.portal_a.partner_id.id, "state": "linked", "chat_id": "6666"})
        with self.assertRaises(AccessError):
            linked.with_user(self.agent).write({"chat_id": "6666"})
        with self.assertRaises(AccessError):
            pending.with_user(self.agent).action_send_code_email()
        with self.assertRaises(AccessError):
            linked.with_user(self.agent).action_revoke()
        # a manager reads the links, never a code, and changes them only by revoking
        as_manager = self.Link.with_user(self.manager)
        self.assertIn(linked, as_manager.search([]))
        self.assertEqual(linked.with_user(self.manager).read(["state"])[0]["state"], "linked")
        with self.assertRaises(AccessError):
            pending.with_user(self.manager).read(["code"])
        self.assertNotIn(pending.code, pending.with_user(self.manager).display_name)
        with self.assertRaises(AccessError):
            as_manager.create({"partner_id": self.portal_a.partner_id.id, "chat_id": "6666"})
        with self.assertRaises(AccessError):
            linked.with_user(self.manager).write({"state": "linked", "chat_id": "6666"})
        self.assertEqual(linked.chat_id, "7001")
        # a person revokes only his own link
        with self.assertRaises(AccessError):
            linked.with_user(self.portal_a).action_revoke()
        linked.with_user(self.portal_b).action_revoke()
        self.assertEqual(linked.state, "revoked")
        pending.with_user(self.manager).action_revoke()
        self.assertEqual(pending.state, "revoked")
        # the link flow itself still links
        fresh = self.Link.issue_code(self.portal_a.partner_id)
        self.assertTrue(self._bridge_api().link_chat("7002", fresh.code)["ok"])
        self.assertEqual(fresh.chat_id, "7002")

    # ------------------------------------------------------------------
    # S3: SLA lines of tickets follow the tickets' visibility
    # ------------------------------------------------------------------
    def test_S3_ticket_sla_hidden_from_who_cannot_read_the_ticket(self):
        sla = self.env["helpdesk.sla"].create(
            {
                "name": "Решить за 1 день",
                "team_ids": [Command.set((self.team_legal | self.team_client_a).ids)],
                "stage_id": self.st_done.id,
                "days": 1,
            }
        )
        TicketSla = self.env["helpdesk.ticket.sla"]
        line_a = TicketSla.create({"ticket_id": self.ticket_a.id, "sla_id": sla.id})
        line_legal = TicketSla.create({"ticket_id": self.ticket_legal.id, "sla_id": sla.id})
        lines = line_a | line_legal
        self.assertEqual(TicketSla.with_user(self.portal_b).search([("id", "in", lines.ids)]), TicketSla)
        with self.assertRaises(AccessError):
            line_a.with_user(self.portal_b).read(["ticket_id"])
        self.assertEqual(TicketSla.with_user(self.portal_a).search([("id", "in", lines.ids)]), line_a)
        # nor the SLA definitions of teams not serving his company
        team_b_sla = self.env["helpdesk.sla"].create(
            {"name": "Только юристы", "team_ids": [Command.set(self.team_legal.ids)], "days": 2}
        )
        Sla = self.env["helpdesk.sla"]
        self.assertFalse(Sla.with_user(self.portal_b).search([("id", "in", (sla | team_b_sla).ids)]))
        self.assertEqual(Sla.with_user(self.portal_a).search([("id", "in", (sla | team_b_sla).ids)]), sla)
        # an agent of another function and an employee with no part in it see nothing
        self.assertEqual(TicketSla.with_user(self.agent2).search([("id", "in", lines.ids)]), TicketSla)
        outsider = new_test_user(self.env, login="sd_sla_outsider", groups="base.group_user")
        self.assertEqual(TicketSla.with_user(outsider).search([("id", "in", lines.ids)]), TicketSla)
        with self.assertRaises(AccessError):
            line_legal.with_user(outsider).read(["ticket_id"])
        # the requester, the team's agent and a manager do
        self.assertEqual(TicketSla.with_user(self.staff).search([("id", "in", lines.ids)]), line_legal)
        self.assertEqual(TicketSla.with_user(self.agent).search([("id", "in", lines.ids)]), lines)
        self.assertEqual(TicketSla.with_user(self.manager).search([("id", "in", lines.ids)]), lines)

    # ------------------------------------------------------------------
    # S5: a ticket never exists without a team
    # ------------------------------------------------------------------
    def test_S5_ticket_without_team_goes_to_triage_and_team_stays_required(self):
        ticket = self.Ticket.sudo().create(
            {"name": "Без команды", "description": "<p>x</p>", "partner_id": self.portal_a.partner_id.id}
        )
        self.assertEqual(ticket.team_id, self.team_triage)
        # a team-level agent of another function does not see it
        for agent in (self.agent, self.agent2):
            self.assertFalse(self.Ticket.with_user(agent).search([("id", "=", ticket.id)]))
        with self.assertRaises(ValidationError):
            ticket.team_id = False
        self.team_triage.coop_is_triage = False
        with self.assertRaises(ValidationError):
            self.Ticket.create(
                {"name": "Никуда", "description": "<p>x</p>", "partner_id": self.staff.partner_id.id}
            )
        # the triage team's people do see it
        self.team_triage.user_ids = self.agent2
        self.assertEqual(self.Ticket.with_user(self.agent2).search([("id", "=", ticket.id)]), ticket)

    # ------------------------------------------------------------------
    # S6: leaving a circle hides its tickets at once
    # ------------------------------------------------------------------
    def test_S6_leaving_the_circle_loses_its_tickets_in_the_same_transaction(self):
        # agent3 sees the lawyers' requests only as the circle's team lead
        self.team_legal.user_ids = self.agent
        self.assertIn(self.agent3, self.circle_legal.member_ids)
        Ticket = self.Ticket.with_user(self.agent3)
        self.assertEqual(Ticket.search([("id", "=", self.ticket_legal.id)]), self.ticket_legal)
        self.circle_legal.team_lead_id = False
        self.assertNotIn(self.agent3, self.circle_legal.member_ids)
        self.assertFalse(Ticket.search([("id", "=", self.ticket_legal.id)]))
        with self.assertRaises(AccessError):
            self.ticket_legal.with_user(self.agent3).read(["name"])
        # and coming back restores them
        self.circle_legal.team_lead_id = self.agent3
        self.assertEqual(Ticket.search([("id", "=", self.ticket_legal.id)]), self.ticket_legal)

    def test_S6_leaving_a_team_loses_its_tickets_in_the_same_transaction(self):
        Ticket = self.Ticket.with_user(self.agent)
        self.assertEqual(Ticket.search([("id", "=", self.ticket_a.id)]), self.ticket_a)
        self.team_client_a.user_ids = self.agent2
        self.assertFalse(Ticket.search([("id", "=", self.ticket_a.id)]))
        self.assertEqual(
            self.Ticket.with_user(self.agent2).search([("id", "=", self.ticket_a.id)]), self.ticket_a
        )
        # from the user's side too
        self.agent2.helpdesk_team_ids = [Command.unlink(self.team_client_a.id)]
        self.assertFalse(self.Ticket.with_user(self.agent2).search([("id", "=", self.ticket_a.id)]))

    # ------------------------------------------------------------------
    # S7: the client report counts only tickets the caller may read
    # ------------------------------------------------------------------
    def test_S7_client_report_only_over_readable_tickets(self):
        today = fields.Date.today()
        period = {"date_from": today - timedelta(days=1), "date_to": today}
        # the accounting agent sees none of Alfa's tickets: no figures of them
        wizard = (
            self.env["coop.servicedesk.client.report"]
            .with_user(self.agent2)
            .create(dict(period, partner_id=self.client_a.id))
        )
        self.assertEqual(wizard.received, 0)
        # the agent of Alfa's team does
        wizard = (
            self.env["coop.servicedesk.client.report"]
            .with_user(self.agent)
            .create(dict(period, partner_id=self.client_a.id))
        )
        self.assertEqual(wizard.received, 1)
        # a client cannot ask for another client's figures, not even by the model method
        Report = self.env["coop.servicedesk.client.report"].with_user(self.portal_b)
        with self.assertRaises(AccessError):
            Report._coop_figures(self.client_a, period["date_from"], period["date_to"])
        own = Report._coop_figures(self.client_b, period["date_from"], period["date_to"])
        self.assertEqual(own["received"], 0)
        self.assertEqual(
            self.env["coop.servicedesk.client.report"]
            .with_user(self.portal_a)
            ._coop_figures(self.client_a, period["date_from"], period["date_to"])["received"],
            1,
        )
        self.assertFalse(hasattr(type(Report), "compute_figures"), "no public figures method")

    # ------------------------------------------------------------------
    # S8: what the portal shows of teams and articles
    # ------------------------------------------------------------------
    def test_S8_portal_reads_only_own_teams_and_no_internal_fields(self):
        team_b = self.Team.create(
            {
                "name": "Аутсорсинг ИБ: Бета",
                "coop_audience": "client",
                "coop_client_partner_ids": [Command.set(self.client_b.ids)],
                "coop_telegram_chat_id": "-100222",
            }
        )
        Team = self.Team.with_user(self.portal_a)
        visible = Team.search([])
        self.assertIn(self.team_client_a, visible)
        self.assertNotIn(team_b, visible)
        self.assertNotIn(self.team_legal, visible)
        with self.assertRaises(AccessError):
            team_b.with_user(self.portal_a).read(["name"])
        with self.assertRaises(AccessError):
            self.team_client_a.with_user(self.portal_a).read(["coop_telegram_chat_id"])
        with self.assertRaises(AccessError):
            self.team_client_a.with_user(self.portal_a).read(["coop_client_partner_ids"])
        self.assertEqual(
            self.team_client_a.with_user(self.portal_a).read(["name"])[0]["name"], "Аутсорсинг ИБ: Альфа"
        )
        # employees keep reading them
        self.assertEqual(team_b.with_user(self.agent).coop_telegram_chat_id, "-100222")
        # a published article made from a client's ticket: no ticket, no team for the portal
        article = self.Article.create(
            {
                "name": "Общий ответ",
                "body": "<p>x</p>",
                "publish_portal": True,
                "source_ticket_id": self.ticket_legal.id,
            }
        )
        with self.assertRaises(AccessError):
            article.with_user(self.portal_b).read(["source_ticket_id"])
        with self.assertRaises(AccessError):
            article.with_user(self.portal_b).read(["team_id"])
        self.assertEqual(article.with_user(self.portal_b).read(["name"])[0]["name"], "Общий ответ")
        self.assertEqual(article.with_user(self.agent).source_ticket_id, self.ticket_legal)

    # ------------------------------------------------------------------
    # S9: drafts of the knowledge base, and client articles on the portal
    # ------------------------------------------------------------------
    def test_S9_unpublished_articles_only_for_their_team(self):
        self.ticket_a.with_user(self.agent).message_post(
            body="Сбросьте пароль через портал.", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        action = self.ticket_a.with_user(self.agent).action_create_article()
        draft = self.Article.browse(action["res_id"])
        self.assertFalse(draft.publish_portal or draft.publish_bot)
        outsider = new_test_user(self.env, login="sd_kb_outsider", groups="base.group_user")
        for user in (outsider, self.agent2, self.staff):
            with self.subTest(user=user.login):
                self.assertFalse(self.Article.with_user(user).search([("id", "=", draft.id)]))
                with self.assertRaises(AccessError):
                    draft.with_user(user).read(["body"])
        for user in (self.agent, self.manager):
            with self.subTest(user=user.login):
                self.assertEqual(self.Article.with_user(user).search([("id", "=", draft.id)]), draft)
        # once published, every employee reads it
        draft.publish_bot = True
        self.assertEqual(self.Article.with_user(outsider).search([("id", "=", draft.id)]), draft)
        # someone who cannot work on the ticket cannot turn it into an article
        with self.assertRaises(AccessError):
            self.ticket_a.with_user(self.agent2).action_create_article()

    def test_S9_portal_and_bot_show_a_client_article_only_to_that_client(self):
        general = self.Article.create(
            {
                "name": "Ксилофон: общий ответ",
                "body": "<p>ксилофон</p>",
                "publish_portal": True,
                "publish_bot": True,
            }
        )
        alfa = self.Article.create(
            {
                "name": "Ксилофон: только Альфа",
                "body": "<p>ксилофон</p>",
                "team_id": self.team_client_a.id,
                "publish_portal": True,
                "publish_bot": True,
            }
        )
        both = general | alfa
        self.assertEqual(self.Article.with_user(self.portal_b).search([("id", "in", both.ids)]), general)
        with self.assertRaises(AccessError):
            alfa.with_user(self.portal_b).read(["name"])
        self.assertEqual(self.Article.with_user(self.portal_a).search([("id", "in", both.ids)]), both)
        self._link(self.portal_b.partner_id, "7101")
        self._link(self.portal_a.partner_id, "7102")
        api = self._bridge_api()
        found_b = {a["id"] for a in api.search_articles("7101", "ксилофон", limit=10)}
        self.assertEqual(found_b, {general.id})
        self.assertFalse(api.send_article("7101", alfa.id)["ok"])
        found_a = {a["id"] for a in api.search_articles("7102", "ксилофон", limit=10)}
        self.assertEqual(found_a, set(both.ids))

    def test_S9_back_office_articles_are_for_the_cooperatives_people(self):
        internal = self.Article.create(
            {
                "name": "Ксилофон: пароль VPN",
                "body": "<p>ксилофон</p>",
                "team_id": self.team_legal.id,
                "publish_portal": True,
                "publish_bot": True,
            }
        )
        self.assertFalse(self.Article.with_user(self.portal_a).search([("id", "=", internal.id)]))
        with self.assertRaises(AccessError):
            internal.with_user(self.portal_a).read(["name"])
        self.assertEqual(self.Article.with_user(self.staff).search([("id", "=", internal.id)]), internal)
        self._link(self.portal_a.partner_id, "7103")
        self._link(self.staff.partner_id, "7104")
        api = self._bridge_api()
        self.assertNotIn(internal.id, {a["id"] for a in api.search_articles("7103", "ксилофон", limit=10)})
        self.assertFalse(api.send_article("7103", internal.id)["ok"])
        self.assertIn(internal.id, {a["id"] for a in api.search_articles("7104", "ксилофон", limit=10)})

    # ------------------------------------------------------------------
    # B3: codes asked by email or for a partner
    # ------------------------------------------------------------------
    def test_B3_request_code_email_is_matched_exactly(self):
        api = self._bridge_api()
        count = self.Link.search_count([])
        for pattern in ("%@coop.example", "sergey@%", "_ergey@coop.example", "%"):
            with self.subTest(pattern=pattern):
                self.assertEqual(api.request_link_code("7201", pattern), {"ok": True})
        self.assertEqual(self.Link.search_count([]), count, "a wildcard matches nobody")
        self.assertEqual(api.request_link_code("7201", "Sergey@Coop.Example"), {"ok": True})
        first = self.Link.search([("partner_id", "=", self.staff.partner_id.id), ("state", "=", "pending")])
        self.assertEqual(len(first), 1)
        # asking again at once does not void the pending code
        api.request_link_code("7201", "sergey@coop.example")
        self.assertEqual(first.state, "pending")
        self.assertEqual(self.Link.search_count([("partner_id", "=", self.staff.partner_id.id)]), 1)

    def test_B3_issue_code_only_for_oneself_or_by_an_agent(self):
        partner_a = self.portal_a.partner_id
        with self.assertRaises(AccessError):
            partner_a.with_user(self.portal_b).action_issue_telegram_code()
        with self.assertRaises(AccessError):
            partner_a.with_user(self.staff).action_issue_telegram_code()
        self.assertFalse(self.Link.search([("partner_id", "=", partner_a.id)]))
        # over RPC the code factory itself is not reachable
        self.assertTrue(getattr(type(self.Link).issue_code, "_api_private", False))
        # the agent issues one; repeating at once is refused and keeps the pending code
        partner_a.with_user(self.agent).action_issue_telegram_code()
        first = self.Link.search([("partner_id", "=", partner_a.id)])
        self.assertEqual(first.state, "pending")
        with self.assertRaises(UserError):
            partner_a.with_user(self.agent).action_issue_telegram_code()
        self.assertEqual(first.state, "pending")
        self.assertEqual(self.Link.search([("partner_id", "=", partner_a.id)]), first)
        # a person asks for himself; once the delay is over a new code replaces the old one
        self.env.cr.execute(
            "UPDATE coop_telegram_link SET create_date = create_date - interval '2 minutes' WHERE id = %s",
            [first.id],
        )
        first.invalidate_recordset()
        partner_a.with_user(self.portal_a).action_issue_telegram_code()
        self.assertEqual(first.state, "expired")
        self.assertEqual(
            self.Link.search_count([("partner_id", "=", partner_a.id), ("state", "=", "pending")]), 1
        )

    def test_many2one_targets_checked_as_the_user(self):
        # an agent cannot point a ticket or an article at a ticket/team/contact he cannot read
        hidden_team = self.Team.create(
            {"name": "Чужая компания", "company_id": self.env["res.company"].create({"name": "Другая"}).id}
        )
        with self.assertRaises(AccessError):
            self.ticket_a.with_user(self.agent).write({"team_id": hidden_team.id})
        self.assertEqual(self.ticket_a.team_id, self.team_client_a)
        Article = self.Article.with_user(self.agent2)
        with self.assertRaises(AccessError):
            Article.create({"name": "x", "body": "<p>x</p>", "source_ticket_id": self.ticket_legal.id})
        # the entitled agent can
        article = self.Article.with_user(self.agent).create(
            {
                "name": "x",
                "body": "<p>x</p>",
                "source_ticket_id": self.ticket_legal.id,
                "team_id": self.team_legal.id,
            }
        )
        self.assertEqual(article.source_ticket_id, self.ticket_legal)

    # ------------------------------------------------------------------
    # public methods of the service desk check the caller
    # ------------------------------------------------------------------
    def test_public_methods_refuse_a_portal_user(self):
        other = self.portal_b.partner_id
        with self.assertRaises(AccessError):
            self.client_b.with_user(self.portal_a).action_coop_service_report()
        with self.assertRaises(AccessError):
            self.ticket_legal.with_user(self.portal_a).action_create_article()
        with self.assertRaises(AccessError):
            other.with_user(self.portal_a).action_issue_telegram_code()
        wizard = self.env["coop.servicedesk.client.report"].create(
            {"partner_id": self.client_a.id, "date_from": date(2026, 1, 1), "date_to": date(2026, 1, 31)}
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.portal_b).action_print()
        msg = self.Outbox.create({"chat_id": "1", "text": "x", "state": "failed"})
        with self.assertRaises(AccessError):
            msg.with_user(self.portal_a).action_retry()
        with self.assertRaises(AccessError):
            self.env["coop.telegram.bridge"].with_user(self.portal_a).chat_info("1")
        with self.assertRaises(AccessError):
            self.tmpl_contract.with_user(self.portal_a).action_view_tickets()
        for method in ("action_open_duplicate_wizard", "action_view_duplicates", "assign_to_me"):
            with self.subTest(method=method), self.assertRaises(AccessError):
                getattr(self.ticket_legal.with_user(self.portal_a), method)()
        # the entitled still can
        self.assertEqual(
            self.tmpl_contract.with_user(self.agent).action_view_tickets()["type"], "ir.actions.act_window"
        )
        self.assertEqual(
            self.ticket_legal.with_user(self.agent).action_view_duplicates()["res_model"], "helpdesk.ticket"
        )
        self.assertEqual(
            self.client_a.with_user(self.agent).action_coop_service_report()["res_model"],
            "coop.servicedesk.client.report",
        )
