from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CoopCrmCase


@tagged("post_install", "-at_install")
class TestNdaRulesInSql(CoopCrmCase):
    """The NDA rules of leads and client dossiers are checked in one SQL query for the records
    read, written or exported (tools/rules_sql.py): the same answers as Odoo's own check."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead_pentest = cls._lead(cls, cls.team_pentest, cls.client_sber, name="Пентест интернет-банка")
        cls.lead_compliance = cls._lead(cls, cls.team_compliance, cls.client_tbank, name="Оценка по ГОСТ 57580")
        # his own lead in another circle: the rule's other branch (the salesperson)
        cls.lead_own = cls._lead(
            cls, cls.team_compliance, cls.client_tbank, name="Аудит КИИ", user_id=cls.pentester.id
        )
        cls.lost_pentest = cls._lead(cls, cls.team_pentest, cls.client_sber, name="Отказ Сбербанка")
        cls.lost_compliance = cls._lead(cls, cls.team_compliance, cls.client_tbank, name="Отказ ТБанка")
        (cls.lost_pentest | cls.lost_compliance).action_set_lost(
            lost_reason_id=cls.lost_reason.id, coop_lost_comment="Бюджет урезали"
        )
        cls.tbank_contact = cls.env["res.partner"].create(
            {"name": "Сотрудник ТБанка", "parent_id": cls.client_tbank.id}
        )
        cls.env.flush_all()

    def test_specialist_mixed_recordset(self):
        leads = (self.lead_pentest | self.lead_compliance | self.lead_own).with_user(self.pentester)
        with self.assertRaises(AccessError):
            leads.read(["name"])
        with self.assertRaises(AccessError):
            leads.write({"priority": "1"})
        self.assertEqual(leads._filtered_access("read"), self.lead_pentest | self.lead_own)
        self.assertFalse(leads.has_access("read"))
        self.assertFalse(self.lead_compliance.with_user(self.pentester).has_access("write"))
        mine = (self.lead_pentest | self.lead_own).with_user(self.pentester)
        self.assertTrue(mine.has_access("read"))
        self.assertEqual(
            sorted(r["name"] for r in mine.read(["name"])), ["Аудит КИИ", "Пентест интернет-банка"]
        )
        mine.write({"priority": "2"})
        self.assertEqual(set(mine.mapped("priority")), {"2"})
        # the entitled: the other circle's specialist and the coordinator
        self.assertEqual(
            self.lead_compliance.with_user(self.auditor).read(["name"])[0]["name"], "Оценка по ГОСТ 57580"
        )
        self.assertEqual(len(leads.with_user(self.coordinator).read(["name"])), 3)

    def test_archived_leads(self):
        Lead = self.env["crm.lead"].with_user(self.pentester).with_context(active_test=False)
        self.assertEqual(Lead.browse(self.lost_pentest.id).read(["name"])[0]["name"], "Отказ Сбербанка")
        with self.assertRaises(AccessError):
            Lead.browse(self.lost_compliance.id).read(["name"])
        self.assertEqual(
            Lead.search([("id", "in", (self.lost_pentest | self.lost_compliance).ids)]), self.lost_pentest
        )

    def test_pending_writes_are_seen(self):
        """The check runs on the data as it is in the transaction, written but not yet flushed."""
        self.lead_compliance.team_id = self.team_pentest
        self.lead_pentest.team_id = self.team_compliance
        self.assertTrue(self.lead_compliance.with_user(self.pentester).has_access("read"))
        self.assertFalse(self.lead_pentest.with_user(self.pentester).has_access("read"))
        with self.assertRaises(AccessError):
            self.lead_pentest.with_user(self.pentester).read(["name"])

    def test_joining_and_leaving_a_circle(self):
        """Memberships (stored, computed) count as soon as they change, before they are flushed."""
        lead = self.lead_compliance.with_user(self.pentester)
        self.assertFalse(lead.has_access("read"))
        role = self.env["coop.role"].create({"name": "Аудитор", "circle_id": self.circle_compliance.id})
        assignment = self.env["coop.role.assignment"].create({"role_id": role.id, "user_id": self.pentester.id})
        self.assertTrue(lead.has_access("read"))
        self.assertEqual(lead.read(["name"])[0]["name"], "Оценка по ГОСТ 57580")
        self.assertTrue(self.client_tbank.with_user(self.pentester).has_access("read"))
        assignment.active = False
        self.assertFalse(lead.has_access("read"))
        self.assertFalse(self.client_tbank.with_user(self.pentester).has_access("read"))

    def test_client_dossiers(self):
        partners = (self.client_sber | self.client_tbank).with_user(self.pentester)
        with self.assertRaises(AccessError):
            partners.read(["vat"])
        self.assertEqual(partners._filtered_access("read"), self.client_sber)
        with self.assertRaises(AccessError):
            self.tbank_contact.with_user(self.pentester).read(["name"])
        self.assertEqual(len(partners.with_user(self.coordinator).read(["vat"])), 2)
        self.assertEqual(self.client_tbank.with_user(self.auditor).read(["vat"])[0]["vat"], "7710140679")
        self.assertTrue(self.tbank_contact.with_user(self.auditor).has_access("read"))

    def test_kanban_group_and_export(self):
        """What the lead kanban asks for, as the specialist: his circle's leads and clients only."""
        Lead = self.env["crm.lead"].with_user(self.pentester)
        ids = (self.lead_pentest | self.lead_compliance | self.lead_own).ids
        domain = [("id", "in", ids)]
        groups = Lead.web_read_group(domain, ["stage_id"], ["stage_id"], lazy=True)["groups"]
        self.assertEqual(sum(g["stage_id_count"] for g in groups), 2)
        spec = {"name": {}, "coop_client_partner_ids": {"fields": {"display_name": {}}}, "coop_sla_status": {}}
        records = Lead.web_search_read(domain, spec)["records"]
        clients = {r["name"]: [c["display_name"] for c in r["coop_client_partner_ids"]] for r in records}
        # his own lead of the other circle shows no client dossier he may not open
        self.assertEqual(clients, {"Пентест интернет-банка": ["ПАО Сбербанк"], "Аудит КИИ": []})
        self.pentester.groups_id |= self.env.ref("base.group_allow_export")
        with self.assertRaises(AccessError):
            Lead.browse(ids).export_data(["name", "coop_client_partner_ids/name"])
        rows = Lead.browse(self.lead_pentest.ids).export_data(["name", "coop_client_partner_ids/name"])["datas"]
        self.assertEqual(rows, [["Пентест интернет-банка", "ПАО Сбербанк"]])
        # the coordinator sees and groups all three
        groups = Lead.with_user(self.coordinator).web_read_group(domain, ["stage_id"], ["stage_id"], lazy=True)
        self.assertEqual(sum(g["stage_id_count"] for g in groups["groups"]), 3)
