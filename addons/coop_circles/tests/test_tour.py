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
