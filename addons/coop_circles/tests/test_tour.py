from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestConsentTour(HttpCase):
    def test_agreement_consent_tour(self):
        coordinator = new_test_user(self.env, login="tour_coord", groups="base.group_user")
        circle = self.env["coop.circle"].create(
            {"name": "Tour Circle", "kind": "producing", "coordinator_id": coordinator.id}
        )
        self.start_tour(
            "/odoo/action-coop_circles.action_coop_agreement",
            "coop_agreement_consent_tour",
            login="tour_coord",
        )
        agreement = self.env["coop.agreement"].search([("circle_id", "=", circle.id)])
        self.assertEqual(agreement.state, "consented")
        self.assertEqual(agreement.owner_id, coordinator)
        self.assertEqual(agreement.objection_ids.state, "integrated")
        self.assertEqual(agreement.objection_ids.author_id, coordinator)
        self.assertIn("deadlines", agreement.objection_ids.integration)
