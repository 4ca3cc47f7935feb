from unittest.mock import patch

from odoo.addons.iap.tools import iap_tools
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.modules.registry import Registry
from odoo.tests import new_test_user, tagged

from .common import CoopCrmCase


@tagged("post_install", "-at_install")
class TestCrmAccessHardening(CoopCrmCase):
    """A specialist works on the leads of his circle; he reaches other clients through nothing he sets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lead = cls.env["crm.lead"]
        cls.lead_pentest = Lead.create(
            {
                "name": "Пентест интернет-банка",
                "type": "opportunity",
                "team_id": cls.team_pentest.id,
                "coop_client_partner_ids": [(6, 0, cls.client_sber.ids)],
                "user_id": cls.coordinator.id,
            }
        )
        cls.lead_compliance = Lead.create(
            {
                "name": "Оценка соответствия ГОСТ 57580",
                "type": "opportunity",
                "team_id": cls.team_compliance.id,
                "coop_client_partner_ids": [(6, 0, cls.client_tbank.ids)],
                "user_id": cls.coordinator.id,
            }
        )
        cls.tbank_contact = cls.env["res.partner"].create(
            {"name": "Сотрудник ТБанка", "parent_id": cls.client_tbank.id, "email": "ceo@tbank.ru"}
        )
        cls.portal = new_test_user(cls.env, login="crm_portal_rpc", groups="base.group_portal")

    def assertHidden(self, partner, user):
        self.assertFalse(self.env["res.partner"].with_user(user).search([("id", "=", partner.id)]))
        self.assertNotIn(self.circle_pentest, partner.coop_circle_ids)

    # ------------------------------------------------------------------ C1
    def test_C1_specialist_cannot_attach_foreign_client(self):
        lead = self.lead_pentest.with_user(self.pentester)
        for commands in (
            [(4, self.client_tbank.id)],
            [(6, 0, (self.client_sber | self.client_tbank).ids)],
            [self.client_sber.id, self.client_tbank.id],
        ):
            with self.assertRaises(AccessError) as caught:
                lead.write({"coop_client_partner_ids": commands})
            self.assertNotIn("ТБанк", str(caught.exception))
        with self.assertRaises(AccessError):
            lead.write({"partner_id": self.tbank_contact.id})
        Lead = self.env["crm.lead"].with_user(self.pentester)
        values = {"name": "Разведка", "type": "opportunity", "team_id": self.team_pentest.id}
        with self.assertRaises(AccessError):
            Lead.create(dict(values, coop_client_partner_ids=[(6, 0, self.client_tbank.ids)]))
        with self.assertRaises(AccessError):
            Lead.create(dict(values, partner_id=self.tbank_contact.id))
        with self.assertRaises(AccessError):
            Lead.with_context(default_coop_client_partner_ids=[self.client_tbank.id]).create(values)
        # Nor from the client's side, nor by writing the computed circles.
        with self.assertRaises(AccessError):
            self.client_sber.with_user(self.pentester).write(
                {"coop_lead_ids": [(4, self.lead_compliance.id)]}
            )
        with self.assertRaises(UserError):
            lead.write({"coop_circle_id": self.circle_compliance.id})
        # Nor by sharing his own client's dossier with another circle or a colleague.
        sber = self.client_sber.with_user(self.pentester)
        with self.assertRaises(AccessError):
            sber.write({"coop_extra_circle_ids": [(4, self.circle_compliance.id)]})
        with self.assertRaises(AccessError):
            sber.write({"coop_coordinator_ids": [(4, self.auditor.id)]})
        with self.assertRaises(ValidationError):
            self.client_sber.with_user(self.coordinator).write(
                {"coop_coordinator_ids": [(4, self.auditor.id)]}
            )
        self.assertFalse(self.client_sber.coop_extra_circle_ids)
        self.assertFalse(self.client_sber.coop_coordinator_ids)
        self.client_sber.with_user(self.coordinator).write(
            {"coop_coordinator_ids": [(4, self.coordinator2.id)]}
        )
        self.assertEqual(self.client_sber.coop_coordinator_ids, self.coordinator2)
        # Nor by taking his client out of the client base (its dossier would open to everyone).
        with self.assertRaises(AccessError):
            sber.write({"coop_is_client": False})
        self.assertTrue(self.client_sber.coop_is_client)
        # Nor by putting a contact of his under the client's card.
        contact = self.env["res.partner"].with_user(self.pentester).create({"name": "Мой контакт"})
        with self.assertRaises(AccessError):
            contact.write({"parent_id": self.client_tbank.id})
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.pentester).create(
                {"name": "Шпион", "parent_id": self.client_tbank.id}
            )
        self.assertFalse(contact.parent_id)
        # Nor by moving a lead he is responsible for (outside his circle) into his circle.
        self.lead_compliance.write({"user_id": self.pentester.id, "team_id": self.team_compliance.id})
        with self.assertRaises(AccessError):
            self.lead_compliance.with_user(self.pentester).write({"team_id": self.team_pentest.id})
        self.assertEqual(self.lead_compliance.team_id, self.team_compliance)
        # ... nor by handing it to someone of his direction (the stock team follows the responsible).
        colleague = new_test_user(
            self.env, login="crm_pentest_colleague", groups="base.group_user,coop_crm.group_coop_crm_user"
        )
        self.team_pentest.member_ids = colleague
        with self.assertRaises(AccessError):
            self.lead_compliance.with_user(self.pentester).write({"user_id": colleague.id})
        self.assertEqual(self.lead_compliance.team_id, self.team_compliance)
        self.assertEqual(self.lead_pentest.coop_client_partner_ids, self.client_sber)
        self.assertEqual(self.lead_compliance.coop_client_partner_ids, self.client_tbank)
        self.assertEqual(self.lead_pentest.coop_circle_id, self.circle_pentest)
        self.assertHidden(self.client_tbank, self.pentester)
        self.assertHidden(self.tbank_contact, self.pentester)

    def test_C1_clients_one_may_read_are_added(self):
        """Positive side: the form resends the clients already there; readable clients are added;
        a coordinator adds any client."""
        lead = self.lead_pentest.with_user(self.pentester)
        lead.write({"coop_client_partner_ids": [(6, 0, self.client_sber.ids)], "name": "Пентест ДБО"})
        self.assertEqual(self.lead_pentest.name, "Пентест ДБО")
        self.client_tbank.coop_extra_circle_ids = self.circle_pentest
        lead.write({"coop_client_partner_ids": [(4, self.client_tbank.id)]})
        self.assertEqual(self.lead_pentest.coop_client_partner_ids, self.client_sber | self.client_tbank)
        self.client_tbank.coop_extra_circle_ids = False
        lead2 = self.lead_compliance.with_user(self.coordinator)
        lead2.write({"coop_client_partner_ids": [(4, self.client_sber.id)]})
        self.assertIn(self.client_sber, self.lead_compliance.coop_client_partner_ids)
        created = (
            self.env["crm.lead"]
            .with_user(self.pentester)
            .create(
                {
                    "name": "Повторный пентест",
                    "type": "opportunity",
                    "team_id": self.team_pentest.id,
                    "coop_client_partner_ids": [(6, 0, self.client_sber.ids)],
                }
            )
        )
        self.assertEqual(created.coop_client_id, self.client_sber)
        # He moves a lead whose clients he may open.
        created.write({"team_id": self.team_compliance.id, "user_id": self.pentester.id})
        self.assertEqual(created.coop_circle_id, self.circle_compliance)

    # ------------------------------------------------------------------ C3
    def _probe(self, user):
        """Give the client card ``user`` works on the INN/KPP of TBank."""
        with self.assertRaises(ValidationError) as caught:
            self.client_sber.with_user(user).write(
                {"vat": self.client_tbank.vat, "coop_kpp": self.client_tbank.coop_kpp}
            )
        self.assertEqual(self.client_sber.vat, "7707083893")
        return str(caught.exception)

    def test_C3_duplicate_inn_not_named_to_who_cannot_read_it(self):
        message = self._probe(self.pentester)
        self.assertNotIn("ТБанк", message)
        self.assertIn(self.client_tbank.vat, message)
        self.assertIn("coordinator", message)
        # The coordinator, who may open the card, is told which one it is.
        self.assertIn("ТБанк", self._probe(self.coordinator))
        # And the specialist too, when the card is one of his circle's.
        self.client_tbank.coop_extra_circle_ids = self.circle_pentest
        self.assertIn("ТБанк", self._probe(self.pentester))

    def test_C3_client_base_kept_by_coordinators(self):
        """Specialists neither add cards to the client base nor take them out; coordinators do."""
        Partner = self.env["res.partner"].with_user(self.pentester)
        with self.assertRaises(AccessError):
            Partner.create({"name": "ООО Новый клиент", "is_company": True, "coop_is_client": True})
        plain = Partner.create({"name": "ООО Просто контакт", "is_company": True})
        with self.assertRaises(AccessError):
            plain.write({"coop_is_client": True})
        with self.assertRaises(AccessError):
            self.client_sber.with_user(self.pentester).write({"coop_is_client": False})
        self.assertTrue(self.client_sber.coop_is_client)
        plain.with_user(self.coordinator).write({"coop_is_client": True})
        self.assertTrue(plain.coop_is_client)

    # ------------------------------------------------------------------ L1
    def test_L1_recompute_load_for_coordinators_only(self):
        Load = self.env["coop.capacity.load"]
        for user in (self.pentester, self.portal):
            with self.assertRaises(AccessError):
                Load.with_user(user).action_coop_recompute_all()
        self.assertTrue(Load.with_user(self.coordinator).action_coop_recompute_all())
        cron = self.env.ref("coop_crm.ir_cron_coop_capacity_load")
        self.assertEqual(cron.code.strip(), "model._coop_recompute_all()")
        cron.method_direct_trigger()

    # ------------------------------------------------------------------ public methods
    def test_public_methods_refuse_unreadable_records(self):
        project = self.env["project.project"].create(
            {
                "name": "Аудит ТБанка",
                "partner_id": self.client_tbank.id,
                "coop_team_id": self.team_compliance.id,
            }
        )
        booking = self.env["coop.capacity.booking"].create(
            {
                "user_id": self.auditor.id,
                "lead_id": self.lead_compliance.id,
                "date_start": "2026-03-02",
                "date_end": "2026-03-03",
            }
        )
        calls = [
            (self.lead_compliance, "action_coop_create_project"),
            (self.lead_compliance, "action_coop_open_project"),
            (self.lead_compliance, "action_coop_open_bookings"),
            (self.client_tbank, "action_coop_open_leads"),
            (self.client_tbank, "action_coop_open_lost_leads"),
            (self.client_tbank, "action_coop_open_projects"),
            (project, "action_coop_open_bookings"),
            (project, "action_coop_open_lead"),
            (booking, "action_confirm"),
            (booking, "action_cancel"),
            (booking, "action_reset_tentative"),
        ]
        for user in (self.portal, self.pentester):
            for record, method in calls:
                with self.assertRaises(AccessError, msg=f"{user.login}: {method}"):
                    getattr(record.with_user(user), method)()
        self.assertEqual(booking.state, "tentative")
        # Specialists read but do not create projects.
        won = self.lead_pentest
        won.stage_id = self.stage_contract
        with self.assertRaises(AccessError):
            won.with_user(self.pentester).action_coop_create_project()
        self.assertEqual(
            won.with_user(self.coordinator).action_coop_create_project()["res_model"],
            "coop.crm.project.create",
        )
        self.assertTrue(self.client_sber.with_user(self.pentester).action_coop_open_leads())

    def test_project_and_booking_links_checked(self):
        """Many2ones feeding the stored circle and client of projects and bookings are read as the user."""
        project = self.env["project.project"].create(
            {"name": "Пентест", "coop_team_id": self.team_pentest.id}
        )
        with self.assertRaises(UserError):
            project.with_user(self.coordinator).write({"coop_circle_id": self.circle_compliance.id})
        manager = new_test_user(
            self.env, login="crm_pm_plain", groups="base.group_user,project.group_project_manager"
        )
        with self.assertRaises(AccessError):
            project.with_user(manager).write({"partner_id": self.client_tbank.id})
        self.assertFalse(project.partner_id)
        project.with_user(self.coordinator).write({"partner_id": self.client_tbank.id})
        self.assertEqual(project.partner_id, self.client_tbank)

    # ------------------------------------------------------------------ P1
    def test_P1_online_services_off_by_default(self):
        ICP = self.env["ir.config_parameter"].sudo()
        self.assertNotEqual(ICP.get_param("coop_base.iap_lead_enrich"), "True")
        self.assertNotEqual(ICP.get_param("coop_base.iap_partner_autocomplete"), "True")
        Lead = self.env["crm.lead"]
        if "iap_enrich" in Lead:
            self.assertEqual(ICP.get_param("crm.iap.lead.enrich.setting"), "manual")
            cron = self.env.ref("crm_iap_enrich.ir_cron_lead_enrichment", raise_if_not_found=False)
            self.assertFalse(cron and cron.active, "no hourly enrichment")
        Partner = self.env["res.partner"].with_user(self.coordinator)
        for service in self.env["iap.service"].search(
            [("technical_name", "in", ("partner_autocomplete", "reveal"))]
        ):
            self.env["iap.account"].create({"service_id": service.id})
        with patch.object(iap_tools, "iap_jsonrpc", return_value={"data": []}) as transport:
            # Company autocomplete: nothing leaves, whatever the test mode says.
            with patch.object(Registry, "in_test_mode", return_value=False):
                self.assertEqual(Partner.autocomplete_by_name("Сбербанк", False), [])
                self.assertEqual(Partner.enrich_by_domain("sberbank.ru").get("error"), True)
                with patch("odoo.addons.partner_autocomplete.models.res_partner.check_vies") as vies:
                    self.assertEqual(Partner.autocomplete_by_vat("7707083893", False), [])
                    vies.assert_not_called()
            if "iap_enrich" in Lead:
                lead = Lead.create(
                    {
                        "name": "Запрос с сайта",
                        "email_from": "ciso@sberbank.ru",
                        "team_id": self.team_pentest.id,
                        "coop_client_partner_ids": [(6, 0, self.client_sber.ids)],
                    }
                )
                self.assertFalse(lead.show_enrich_button, "no Enrich button while the service is off")
                lead.with_user(self.coordinator).iap_enrich()
                Lead._iap_enrich_leads_cron()
                self.assertFalse(lead.iap_enrich_done)
            transport.assert_not_called()
            # Once an administrator turns them on, the same calls do reach the service.
            ICP.set_param("coop_base.iap_partner_autocomplete", "True")
            ICP.set_param("coop_base.iap_lead_enrich", "True")
            with patch.object(Registry, "in_test_mode", return_value=False):
                Partner.autocomplete_by_name("Сбербанк", False)
            self.assertEqual(transport.call_count, 1)
            if "iap_enrich" in Lead:
                lead.invalidate_recordset(["show_enrich_button"])
                self.assertTrue(lead.show_enrich_button)
                lead.with_user(self.coordinator).iap_enrich()
                self.assertEqual(transport.call_count, 2)
