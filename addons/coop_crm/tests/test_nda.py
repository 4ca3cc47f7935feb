import base64

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import CoopCrmCase


@tagged("post_install", "-at_install")
class TestNda(CoopCrmCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead_pentest = cls.env["crm.lead"].create(
            {
                "name": "Пентест интернет-банка",
                "type": "opportunity",
                "team_id": cls.team_pentest.id,
                "coop_client_partner_ids": [(6, 0, cls.client_sber.ids)],
                "user_id": cls.coordinator.id,
            }
        )
        cls.lead_compliance = cls.env["crm.lead"].create(
            {
                "name": "Оценка соответствия ГОСТ 57580",
                "type": "opportunity",
                "team_id": cls.team_compliance.id,
                "coop_client_partner_ids": [(6, 0, cls.client_tbank.ids)],
                "user_id": cls.coordinator.id,
            }
        )
        cls.tbank_contact = cls.env["res.partner"].create(
            {"name": "Сотрудник ТБанка", "parent_id": cls.client_tbank.id}
        )
        Project = cls.env["project.project"]
        cls.project_sber = Project.create(
            {
                "name": "Пентест Сбербанка",
                "partner_id": cls.client_sber.id,
                "coop_team_id": cls.team_pentest.id,
                "privacy_visibility": "portal",
            }
        )
        cls.project_tbank = Project.create(
            {
                "name": "Аудит ТБанка",
                "partner_id": cls.client_tbank.id,
                "coop_team_id": cls.team_compliance.id,
                "privacy_visibility": "portal",
            }
        )
        cls.task_tbank = cls.env["project.task"].create(
            {"name": "Отчёт по аудиту", "project_id": cls.project_tbank.id}
        )
        cls.task_sber = cls.env["project.task"].create(
            {"name": "Сканирование", "project_id": cls.project_sber.id}
        )
        Attachment = cls.env["ir.attachment"]
        datas = base64.b64encode(b"NDA")
        cls.att_compliance = Attachment.create(
            {
                "name": "ТЗ ТБанк.pdf",
                "datas": datas,
                "res_model": "crm.lead",
                "res_id": cls.lead_compliance.id,
            }
        )
        cls.att_tbank = Attachment.create(
            {
                "name": "Реквизиты ТБанк.pdf",
                "datas": datas,
                "res_model": "res.partner",
                "res_id": cls.client_tbank.id,
            }
        )
        cls.att_pentest = Attachment.create(
            {"name": "ТЗ Сбер.pdf", "datas": datas, "res_model": "crm.lead", "res_id": cls.lead_pentest.id}
        )
        cls.msg_compliance = cls.lead_compliance.message_post(body="Секретный бэклог продажи ТБанку")
        Booking = cls.env["coop.capacity.booking"]
        cls.booking_auditor = Booking.create(
            {
                "user_id": cls.auditor.id,
                "lead_id": cls.lead_compliance.id,
                "date_start": "2026-03-02",
                "date_end": "2026-03-06",
            }
        )
        cls.booking_pentester = Booking.create(
            {
                "user_id": cls.pentester.id,
                "lead_id": cls.lead_pentest.id,
                "date_start": "2026-03-02",
                "date_end": "2026-03-06",
            }
        )

    def test_coordinator_sees_everything(self):
        Lead = self.env["crm.lead"].with_user(self.coordinator)
        self.assertEqual(
            Lead.search([("id", "in", (self.lead_pentest | self.lead_compliance).ids)]),
            self.lead_pentest | self.lead_compliance,
        )
        self.assertTrue(self.client_tbank.with_user(self.coordinator).read(["vat"]))
        self.assertTrue(self.project_tbank.with_user(self.coordinator).read(["name"]))
        self.assertEqual(
            self.env["coop.capacity.booking"]
            .with_user(self.coordinator)
            .search_count([("id", "in", (self.booking_auditor | self.booking_pentester).ids)]),
            2,
        )

    def test_specialist_leads(self):
        Lead = self.env["crm.lead"].with_user(self.pentester)
        self.assertEqual(
            Lead.search(
                [
                    ("coop_client_partner_ids", "!=", False),
                    ("id", "in", (self.lead_pentest | self.lead_compliance).ids),
                ]
            ),
            self.lead_pentest,
        )
        self.assertFalse(Lead.search([("name", "ilike", "ГОСТ 57580")]))
        self.assertFalse(Lead.search([("coop_client_partner_ids.name", "ilike", "ТБанк")]))
        groups = Lead.read_group(
            [("id", "in", (self.lead_pentest | self.lead_compliance).ids)], ["team_id"], ["team_id"]
        )
        self.assertEqual([g["team_id"][0] for g in groups], [self.team_pentest.id])
        self.assertEqual(sum(g["team_id_count"] for g in groups), 1)
        with self.assertRaises(AccessError):
            self.lead_compliance.with_user(self.pentester).read(["name"])
        with self.assertRaises(AccessError):
            self.lead_compliance.with_user(self.pentester).write({"name": "Взлом"})
        self.assertEqual(
            self.lead_pentest.with_user(self.pentester).read(["name"])[0]["name"], "Пентест интернет-банка"
        )
        # The compliance circle's specialist sees the other side only.
        self.assertEqual(
            self.env["crm.lead"]
            .with_user(self.auditor)
            .search([("id", "in", (self.lead_pentest | self.lead_compliance).ids)]),
            self.lead_compliance,
        )

    def test_specialist_client_dossier(self):
        Partner = self.env["res.partner"].with_user(self.pentester)
        self.assertFalse(Partner.search([("vat", "=", "7710140679")]), "the T-Bank head card is hidden")
        self.assertFalse(Partner.search([("name", "ilike", "ТБанк")]), "and its contacts too")
        self.assertFalse(Partner.search([("coop_lead_ids", "in", self.lead_compliance.ids)]))
        self.assertEqual(Partner.search([("vat", "=", "7707083893")]), self.client_sber)
        with self.assertRaises(AccessError):
            self.client_tbank.with_user(self.pentester).read(["vat", "coop_kpp", "comment"])
        with self.assertRaises(AccessError):
            self.tbank_contact.with_user(self.pentester).read(["email"])
        groups = Partner.read_group([("coop_is_client", "=", True)], ["vat"], ["vat"])
        self.assertNotIn("7710140679", [g["vat"] for g in groups])
        # Through the lead of the visible client, nothing of the other one.
        lead = self.lead_pentest.with_user(self.pentester)
        self.assertEqual(lead.coop_client_partner_ids, self.client_sber)
        self.assertEqual(self.client_sber.with_user(self.pentester).coop_lost_lead_count, 0)

    def test_specialist_attachments_and_chatter(self):
        Attachment = self.env["ir.attachment"].with_user(self.pentester)
        found = Attachment.search([("res_model", "in", ("crm.lead", "res.partner"))])
        self.assertIn(self.att_pentest, found)
        self.assertNotIn(self.att_compliance, found)
        self.assertNotIn(self.att_tbank, found)
        self.assertFalse(Attachment.search([("name", "ilike", "ТБанк")]))
        with self.assertRaises(AccessError):
            self.att_compliance.with_user(self.pentester).read(["datas"])
        with self.assertRaises(AccessError):
            self.att_tbank.with_user(self.pentester).read(["datas"])
        Message = self.env["mail.message"].with_user(self.pentester)
        self.assertFalse(Message.search([("body", "ilike", "Секретный бэклог")]))
        with self.assertRaises(AccessError):
            self.msg_compliance.with_user(self.pentester).read(["body"])
        with self.assertRaises(AccessError):
            self.lead_compliance.with_user(self.pentester).message_post(body="Любопытство")

    def test_specialist_projects_and_bookings(self):
        Project = self.env["project.project"].with_user(self.pentester)
        projects = Project.search([("id", "in", (self.project_sber | self.project_tbank).ids)])
        self.assertEqual(projects, self.project_sber)
        with self.assertRaises(AccessError):
            self.project_tbank.with_user(self.pentester).read(["name"])
        Task = self.env["project.task"].with_user(self.pentester)
        self.assertFalse(Task.search([("id", "=", self.task_tbank.id)]))
        self.assertEqual(Task.search([("id", "=", self.task_sber.id)]), self.task_sber)
        Booking = self.env["coop.capacity.booking"].with_user(self.pentester)
        self.assertEqual(
            Booking.search([("id", "in", (self.booking_auditor | self.booking_pentester).ids)]),
            self.booking_pentester,
        )
        with self.assertRaises(AccessError):
            self.booking_auditor.with_user(self.pentester).read(["partner_id"])
        loads = self.env["coop.capacity.load"].with_user(self.pentester).search([])
        self.assertEqual(loads.user_id, self.pentester)
        # Specialists book nobody: coordinators plan the load.
        with self.assertRaises(AccessError):
            Booking.create(
                {
                    "user_id": self.pentester.id,
                    "lead_id": self.lead_pentest.id,
                    "date_start": "2026-04-01",
                    "date_end": "2026-04-02",
                }
            )

    def test_joining_a_circle_opens_its_clients(self):
        role = self.env["coop.role"].create({"name": "Аудитор", "circle_id": self.circle_compliance.id})
        self.env["coop.role.assignment"].create({"role_id": role.id, "user_id": self.pentester.id})
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertIn(self.circle_compliance, self.pentester.coop_circle_ids)
        self.assertEqual(
            self.env["crm.lead"].with_user(self.pentester).search([("id", "=", self.lead_compliance.id)]),
            self.lead_compliance,
        )
        self.assertTrue(self.client_tbank.with_user(self.pentester).read(["vat"]))

    def test_portal_client(self):
        portal = new_test_user(
            self.env, login="crm_portal_sber", name="Клиент Сбербанка", groups="base.group_portal"
        )
        portal.partner_id.parent_id = self.client_sber
        Project = self.env["project.project"].with_user(portal)
        self.assertEqual(
            Project.search([("id", "in", (self.project_sber | self.project_tbank).ids)]), self.project_sber
        )
        with self.assertRaises(AccessError):
            self.project_tbank.with_user(portal).read(["name"])
        self.assertFalse(
            self.env["res.partner"].with_user(portal).search([("id", "=", self.client_tbank.id)])
        )
        with self.assertRaises(AccessError):
            self.env["crm.lead"].with_user(portal).search([])
        with self.assertRaises(AccessError):
            self.att_compliance.with_user(portal).read(["datas"])

    def test_specialist_exports_smart_buttons_and_child_cards(self):
        shared = self.env["crm.lead"].create(
            {
                "name": "Аудит КИИ Сбербанка",
                "type": "opportunity",
                "team_id": self.team_compliance.id,
                "coop_client_partner_ids": [(6, 0, self.client_sber.ids)],
                "user_id": self.coordinator.id,
            }
        )
        self.pentester.groups_id |= self.env.ref("base.group_allow_export")
        Lead = self.env["crm.lead"].with_user(self.pentester)
        rows = Lead.search([("coop_client_partner_ids", "!=", False)]).export_data(
            ["name", "coop_client_partner_ids/name"]
        )["datas"]
        names = {row[0] for row in rows}
        self.assertIn("Пентест интернет-банка", names)
        self.assertNotIn("Аудит КИИ Сбербанка", names)
        self.assertNotIn("Оценка соответствия ГОСТ 57580", names)
        sber = self.client_sber.with_user(self.pentester)
        self.assertEqual(sber.coop_lead_count, 1, "the head card counts only the leads one may see")
        self.assertEqual(self.client_sber.with_user(self.coordinator).coop_lead_count, 2)
        self.assertNotIn(shared, sber.coop_lead_ids, "child cards of other circles are not listed")
        self.assertIn(self.lead_pentest, sber.coop_lead_ids)
        self.assertEqual(sber.coop_project_count, 1)
        self.assertEqual(self.client_tbank.with_user(self.coordinator).coop_project_count, 1)
