from odoo.addons.coop_base.tests.tour import RussianTourCase
from odoo.tests import tagged

from .common import setup_coop_crm


@tagged("post_install", "-at_install")
class TestCoopCrmTour(RussianTourCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_coop_crm(cls)
        cls.coordinator.password = "crm_coordinator"  # noqa: S105

    def test_client_lead_refusal_tour(self):
        self.start_tour(
            "/odoo/action-coop_crm.action_coop_client_base",
            "coop_crm_client_lead_refusal",
            login="crm_coordinator",
        )
        lead = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search([("name", "=", "Аудит безопасности мобильного приложения")])
        )
        self.assertEqual(lead.coop_outcome, "lost")
        self.assertEqual(lead.coop_client_partner_ids.vat, "7728168971")
        self.assertEqual(lead.coop_client_partner_ids.coop_kpp, "770801002")
        self.assertEqual(lead.lost_reason_id, self.lost_reason)
        self.assertTrue(lead.coop_lost_comment)


@tagged("post_install", "-at_install")
class TestCoopCrmPassportMobile(RussianTourCase):
    """The lead passport is filled on a phone screen (390 px wide, touch)."""

    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_coop_crm(cls)
        cls.coordinator.password = "crm_coordinator"  # noqa: S105

    def test_passport_on_phone(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Пентест внешнего периметра",
                "type": "opportunity",
                "team_id": self.team_pentest.id,
                "coop_client_partner_ids": [(6, 0, self.client_sber.ids)],
                "user_id": self.coordinator.id,
            }
        )
        self.assertIn("Объём работ", lead.coop_passport, "the template of the direction fills the passport")
        self.start_tour(
            f"/odoo/action-coop_crm.action_coop_crm_leads/{lead.id}",
            "coop_crm_passport_mobile",
            login="crm_coordinator",
        )
        self.assertIn("внешний периметр, 20 IP-адресов", lead.coop_passport)
        self.assertIn("Паспорт лида", lead.coop_passport, "the other sections are kept")
