from odoo.addons.coop_base.tests.tour import RussianTourCase
from odoo.tests import new_test_user, tagged


@tagged("post_install", "-at_install")
class TestConsentTour(RussianTourCase):
    def test_agreement_consent_tour(self):
        coordinator = new_test_user(self.env, login="tour_coord", groups="base.group_user")
        circle = self.env["coop.circle"].create(
            {"name": "Круг дежурств", "kind": "producing", "coordinator_id": coordinator.id}
        )
        self.start_tour(
            "/odoo/action-coop_circles.action_coop_agreement",
            "coop_agreement_consent_tour",
            login="tour_coord",
        )
        agreement = self.env["coop.agreement"].search([("circle_id", "=", circle.id)])
        self.assertEqual(agreement.name, "Общий график дежурств")
        self.assertEqual(agreement.state, "consented")
        self.assertEqual(agreement.owner_id, coordinator)
        self.assertEqual(agreement.objection_ids.state, "integrated")
        self.assertEqual(agreement.objection_ids.author_id, coordinator)
        self.assertIn("сроки", agreement.objection_ids.integration)


class OrgChartTourCase(RussianTourCase):
    def _org_chart_tour(self):
        coordinator = new_test_user(
            self.env, login="chart_coord", name="Вера Координатор", groups="base.group_user"
        )
        specialist = new_test_user(
            self.env, login="chart_spec", name="Павел Специалист", groups="base.group_user"
        )
        circle = self.env["coop.circle"].create(
            {"name": "Круг мобильной защиты", "kind": "producing", "coordinator_id": coordinator.id}
        )
        role = self.env["coop.role"].create({"name": "Аналитик", "circle_id": circle.id})
        self.env["coop.role.assignment"].create({"role_id": role.id, "user_id": specialist.id})
        self.start_tour(
            "/odoo/action-coop_circles.action_coop_circle_org_chart",
            "coop_org_chart_tour",
            login="chart_spec",
        )


@tagged("post_install", "-at_install")
class TestOrgChartTour(OrgChartTourCase):
    def test_org_chart_on_desktop(self):
        self._org_chart_tour()


@tagged("post_install", "-at_install")
class TestOrgChartPhoneTour(OrgChartTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_org_chart_on_phone(self):
        self._org_chart_tour()


@tagged("post_install", "-at_install")
class TestGovernanceMeetingTour(RussianTourCase):
    def test_governance_meeting_from_agenda_to_published_minutes(self):
        secretary = new_test_user(self.env, login="tour_secretary", name="Мария Секретарь", groups="base.group_user")
        member = new_test_user(self.env, login="tour_member", name="Илья Пентестер", groups="base.group_user")
        circle = self.env["coop.circle"].create(
            {"name": "Круг дежурств", "kind": "producing", "coordinator_id": secretary.id, "team_lead_id": member.id}
        )
        self.env["coop.circle.tension"].with_user(member).create(
            {"name": "Заявки ждут выходных", "circle_id": circle.id, "meeting_kind": "governance"}
        )
        proposal = self.env["coop.agreement"].create(
            {"name": "График дежурств", "circle_id": circle.id, "text": "По выходным дежурит один участник."}
        )
        proposal.action_propose()
        meeting = self.env["coop.circle.meeting"].with_user(secretary).create(
            {"circle_id": circle.id, "secretary_id": secretary.id, "facilitator_id": secretary.id}
        )
        self.start_tour(f"/odoo/action-coop_circles.coop_circle_meeting_action/{meeting.id}", "coop_governance_meeting_tour", login="tour_secretary")
        self.assertEqual(meeting.state, "published")
        self.assertEqual(proposal.state, "consented")
        self.assertEqual(proposal.answer_ids.user_id, secretary | member)
        self.assertTrue(proposal.answer_ids.mapped("in_meeting") == [True, True])
        minutes = meeting.message_ids.filtered(lambda m: "Договорились о графике" in (m.body or ""))
        self.assertIn(member.partner_id, minutes.partner_ids)
        self.assertEqual(meeting.decision_ids.agreement_id, proposal)


@tagged("post_install", "-at_install")
class TestAsyncAnswerPhoneTour(RussianTourCase):
    browser_size = "375x667"
    touch_enabled = True

    def test_answer_async_proposal_on_phone(self):
        coordinator = new_test_user(self.env, login="tour_async_coord", groups="base.group_user")
        member = new_test_user(self.env, login="tour_async_member", name="Илья Пентестер", groups="base.group_user")
        circle = self.env["coop.circle"].create(
            {"name": "Круг пентеста", "kind": "producing", "coordinator_id": coordinator.id, "team_lead_id": member.id}
        )
        proposal = self.env["coop.agreement"].create(
            {
                "name": "Заочный график отпусков",
                "circle_id": circle.id,
                "text": "Отпуска летом согласуются в круге заранее.",
                "consent_mode": "async",
            }
        )
        proposal.action_propose()
        self.start_tour("/odoo/action-coop_circles.action_coop_agreement?view_type=kanban", "coop_async_answer_tour", login="tour_async_member")
        self.assertEqual(proposal.state, "proposed")
        self.assertTrue(proposal.clock_stopped)
        answer = proposal.answer_ids
        self.assertEqual((answer.user_id, answer.answer), (member, "object"))
        self.assertIn("один пентестер", answer.reason)
