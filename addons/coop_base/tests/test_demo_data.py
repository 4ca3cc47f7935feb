"""The demo database tells only the seeds' stories.

Odoo's and OCA's generic demo records (furniture leads, "Deco Addict", generic projects, tasks,
tickets, calendar events) are archived by the coop demo data; the demo company is the
cooperative. Without demo data there is nothing generic to find and the checks hold as well.
"""

import base64

from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_open

# What a person opens first: users, the lead kanban, contacts (companies), projects, tasks,
# tickets and their teams, the calendar and its filters. A record there whose xmlid comes from a module that is not ours is a
# generic demo record, except the records below, which are the database's own.
SCREENS = {
    "res.users": [],
    "crm.lead": [],
    "res.partner": [("is_company", "=", True)],
    "project.project": [],
    "project.task": [],
    "helpdesk.ticket": [],
    "helpdesk.ticket.team": [],
    "calendar.event": [],
    "calendar.filters": [],
    "hr.employee": [("user_id", "=", False)],
    "mailing.mailing": [],
}
OWN_RECORDS = {"base.main_partner", "base.user_admin"}


def generic_records(env):
    """{model: [xmlid, ...]} of the active records of SCREENS that come from other modules."""
    found = {}
    for model, domain in SCREENS.items():
        if model not in env:
            continue
        records = env[model].sudo().search(domain)
        xmlids = records._get_external_ids()
        foreign = sorted(
            xmlid
            for record in records
            for xmlid in xmlids.get(record.id, [])
            if not xmlid.split(".", 1)[0].startswith("coop_") and xmlid not in OWN_RECORDS
        )
        if foreign:
            found[model] = foreign
    return found


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    def test_no_generic_demo_record_on_the_main_screens(self):
        self.assertEqual(generic_records(self.env), {})

    def test_detector_finds_a_generic_record(self):
        lead_model = "crm.lead" if "crm.lead" in self.env else "res.partner"
        values = {"name": "Office Design Project"}
        if lead_model == "res.partner":
            values["is_company"] = True
        record = self.env[lead_model].create(values)
        self.env["ir.model.data"].create(
            {"module": "crm", "name": "coop_test_generic_record", "model": lead_model, "res_id": record.id}
        )
        self.assertIn("crm.coop_test_generic_record", generic_records(self.env).get(lead_model, []))

    def test_generic_demo_is_archived_not_deleted(self):
        azure = self.env.ref("base.res_partner_12", raise_if_not_found=False)
        base_demo = self.env["ir.module.module"].search([("name", "=", "base")]).demo
        if not azure:
            self.assertFalse(base_demo, "base demo data is loaded but its partner Azure Interior is gone")
            return
        self.assertFalse(azure.active)
        azure.active = True
        self.env["ir.model.data"]._coop_archive_generic_demo()
        self.assertTrue(azure.exists())
        self.assertFalse(azure.active)
        # the people and organisations of the database stay: users' and companies' partners
        self.assertTrue(self.env.ref("base.main_partner").active)
        self.assertTrue(self.env.ref("base.partner_admin").active)

    def test_demo_company_is_the_cooperative(self):
        company = self.env.ref("base.main_company")
        if not self.env["ir.module.module"].search([("name", "=", "coop_base")]).demo:
            return
        self.assertNotEqual(company.name, "YourCompany")
        self.assertIn("РАД КОП", company.name)
        with file_open("base/static/img/res_company_logo.png", "rb") as logo:
            odoo_logo = base64.b64encode(logo.read())
        self.assertTrue(company.logo)
        self.assertNotEqual(company.logo, odoo_logo)
        self.assertEqual(company.country_id, self.env.ref("base.ru"))
        self.assertTrue(company.vat and company.company_registry and company.phone and company.email)
        admin = self.env.ref("base.partner_admin")
        self.assertNotEqual(admin.name, "Mitchell Admin")
        self.assertEqual(admin.country_id, self.env.ref("base.ru"))
