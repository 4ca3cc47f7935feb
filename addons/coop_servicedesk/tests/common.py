from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class ServicedeskBase(TransactionCase):
    """The models, the bridge's user and helpers. A test class opts into the fixtures it
    needs by mixing in :class:`WithPeople`, :class:`WithTeams` or :class:`WithTemplates`
    before this class (each brings the ones before it)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.env.company.helpdesk_mgmt_ticket_auto_assign = False
        cls.Team = cls.env["helpdesk.ticket.team"]
        cls.Ticket = cls.env["helpdesk.ticket"]
        cls.Link = cls.env["coop.telegram.link"]
        cls.Outbox = cls.env["coop.telegram.outbox"]
        cls.bridge = cls.env.ref("coop_servicedesk.user_telegram_bridge")

    def _ticket(self, team=None, partner=None, **kw):
        vals = {
            "name": "Заявка",
            "description": "<p>Текст</p>",
            "team_id": (team or self.team_legal).id,
            "partner_id": (partner or self.staff.partner_id).id,
        }
        vals.update(kw)
        return self.Ticket.create(vals)

    @classmethod
    def _link(cls, partner, chat_id):
        link = cls.Link.issue_code(partner)
        link._consume(chat_id)
        return link

    def _bridge_api(self):
        return self.env["coop.telegram.bridge"].with_user(self.bridge)


class WithPeople:
    """Two client companies with their portal users, an employee and three service desk agents."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_a = cls.env["res.partner"].create(
            {"name": "ООО Альфа", "is_company": True, "email": "office@alfa.example"}
        )
        cls.client_b = cls.env["res.partner"].create(
            {"name": "АО Бета", "is_company": True, "email": "office@beta.example"}
        )
        cls.portal_a = new_test_user(
            cls.env,
            login="sd_portal_a",
            groups="base.group_portal",
            name="Анна Альфина",
            email="anna@alfa.example",
        )
        cls.portal_a.partner_id.parent_id = cls.client_a
        cls.portal_a2 = new_test_user(
            cls.env,
            login="sd_portal_a2",
            groups="base.group_portal",
            name="Антон Альфин",
            email="anton@alfa.example",
        )
        cls.portal_a2.partner_id.parent_id = cls.client_a
        cls.portal_b = new_test_user(
            cls.env,
            login="sd_portal_b",
            groups="base.group_portal",
            name="Борис Бетин",
            email="boris@beta.example",
        )
        cls.portal_b.partner_id.parent_id = cls.client_b
        cls.staff = new_test_user(
            cls.env,
            login="sd_staff",
            groups="base.group_user",
            name="Сергей Сотрудников",
            email="sergey@coop.example",
        )
        cls.agent = new_test_user(
            cls.env,
            login="sd_agent",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user_team",
            name="Ольга Юристова",
            email="olga@coop.example",
        )
        cls.agent2 = new_test_user(
            cls.env,
            login="sd_agent2",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user_team",
            name="Пётр Бухгалтеров",
            email="petr@coop.example",
        )
        cls.agent3 = new_test_user(
            cls.env,
            login="sd_agent3",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user_team",
            name="Ирина Юристова",
            email="irina@coop.example",
        )


class WithTeams(WithPeople):
    """The circles, the triage, legal, accounting and client Alfa teams, with their stages."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create({"name": "coop.example"})
        cls.env.company.alias_domain_id = cls.alias_domain
        cls.circle_legal = cls.env["coop.circle"].create(
            {
                "name": "Круг юридической поддержки",
                "kind": "service",
                "coordinator_id": cls.agent.id,
                "team_lead_id": cls.agent3.id,
            }
        )
        cls.circle_acc = cls.env["coop.circle"].create(
            {"name": "Круг бухгалтерии", "kind": "service", "coordinator_id": cls.agent2.id}
        )
        cls.Team.search([("coop_is_triage", "=", True)]).coop_is_triage = False
        cls.team_triage = cls.Team.create(
            {"name": "Разбор входящих", "coop_is_triage": True, "alias_name": "sd-triage"}
        )
        cls.team_legal = cls.Team.create(
            {
                "name": "Юристы",
                "coop_audience": "internal",
                "alias_name": "sd-legal",
                "user_ids": [Command.set((cls.agent | cls.agent3).ids)],
                "coop_telegram_chat_id": "-100111",
                "coop_circle_id": cls.circle_legal.id,
            }
        )
        cls.team_acc = cls.Team.create(
            {
                "name": "Бухгалтерия",
                "coop_audience": "internal",
                "alias_name": "sd-accounting",
                "coop_circle_id": cls.circle_acc.id,
                "user_ids": [Command.set(cls.agent2.ids)],
            }
        )
        cls.team_client_a = cls.Team.create(
            {
                "name": "Аутсорсинг ИБ: Альфа",
                "coop_audience": "client",
                "alias_name": "sd-alfa",
                "coop_client_partner_ids": [Command.set(cls.client_a.ids)],
                "user_ids": [Command.set(cls.agent.ids)],
            }
        )
        Stage = cls.env["helpdesk.ticket.stage"]
        teams = cls.team_legal | cls.team_acc | cls.team_client_a
        Stage.search([("team_ids", "=", False)]).team_ids = [Command.set(cls.team_triage.ids)]
        stage_vals = {"team_ids": [Command.set(teams.ids)], "company_id": False}
        cls.st_new = Stage.create(dict(stage_vals, name="Новая", sequence=1, unattended=True))
        cls.st_work = Stage.create(dict(stage_vals, name="В работе", sequence=2, coop_notify_requester=True))
        cls.st_wait = Stage.create(dict(stage_vals, name="Ждёт ответа", sequence=3))
        cls.st_done = Stage.create(
            dict(stage_vals, name="Выполнена", sequence=4, closed=True, coop_notify_requester=True)
        )


class WithTemplates(WithTeams):
    """A request template of the legal team and one of client Alfa's team."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmpl_contract = cls.env["coop.servicedesk.template"].create(
            {
                "name": "Проверка договора",
                "team_id": cls.team_legal.id,
                "priority": "2",
                "description": "<p>Контрагент: ...</p>",
            }
        )
        cls.tmpl_incident = cls.env["coop.servicedesk.template"].create(
            {
                "name": "Инцидент ИБ",
                "team_id": cls.team_client_a.id,
                "priority": "3",
                "description": "<p>Что произошло: ...</p>",
            }
        )


class ServicedeskCase(WithTemplates, ServicedeskBase):
    """Every fixture."""
