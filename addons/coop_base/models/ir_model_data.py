import csv
import logging
import os

from lxml import etree
from odoo import api, models
from odoo.modules.module import get_manifest, get_module_path

_logger = logging.getLogger(__name__)

# The business records a person browses: the generic demo records of stock and OCA modules
# among them (furniture leads, "Deco Addict", generic projects and tickets...) are archived from
# a coop demo database so that its screens tell only the cooperative's and the federation's story.
GENERIC_DEMO_MODELS = (
    "res.users",
    "res.partner",
    "crm.lead",
    "crm.team",
    "project.project",
    "project.task",
    "helpdesk.ticket",
    "helpdesk.ticket.team",
    "calendar.event",
    "calendar.filters",
    "hr.employee",
    "hr.department",
    "mailing.mailing",
    "mailing.list",
    "discuss.channel",
)


class IrModelData(models.Model):
    _inherit = "ir.model.data"

    @api.model
    def _coop_file_xmlids(self, module, path, filenames):
        """Complete xmlids of the records of GENERIC_DEMO_MODELS the given files of a module
        create (XML records and CSV rows), leaving out those of other modules' xmlids."""
        xmlids = set()
        for filename in filenames:
            full = os.path.join(path, filename)
            if not os.path.isfile(full):
                continue
            if filename.endswith(".xml"):
                for node in etree.parse(full).iter("record"):
                    if node.get("id") and node.get("model") in GENERIC_DEMO_MODELS:
                        xmlids.add(node.get("id"))
            elif filename.endswith(".csv"):
                if os.path.splitext(os.path.basename(filename))[0] not in GENERIC_DEMO_MODELS:
                    continue
                with open(full, encoding="utf-8") as csv_file:
                    for row in csv.DictReader(csv_file):
                        if row.get("id"):
                            xmlids.add(row["id"])
        return {
            xmlid if "." in xmlid else f"{module}.{xmlid}"
            for xmlid in xmlids
            if "." not in xmlid or xmlid.split(".", 1)[0] == module
        }

    @api.model
    def _coop_demo_xmlids(self, module):
        """Complete xmlids of the records a module creates in its demo files only.

        A demo record of another module's xmlid, or of one the module's data files create,
        modifies a record that is not demo (the stock sales team, a company...): it stays."""
        manifest = get_manifest(module)
        path = get_module_path(module)
        if not manifest or not path:
            return set()
        demo = self._coop_file_xmlids(module, path, manifest.get("demo", []))
        return demo - self._coop_file_xmlids(module, path, manifest.get("data", []))

    @api.model
    def _coop_archive_generic_demo(self):
        """Archive the demo records of the installed non-coop modules (never delete them).

        Called at the end of the coop addons' demo data, so it runs only where demo data is
        loaded. The stock demo users (Marc Demo, Joel Willis) are archived with their partners
        and employees; administrators, the partners of the remaining users and of companies
        stay active: they are the people and organisations of this database, not stories. The
        records are kept, so the stock modules' own references to them still resolve.
        """
        modules = self.env["ir.module.module"].sudo().search(
            [("state", "in", ("installed", "to install", "to upgrade"))]
        )
        xmlids = set()
        for module in modules.filtered(lambda m: not m.name.startswith("coop_")):
            xmlids |= self._coop_demo_xmlids(module.name)
        records_by_model = {}
        for xmlid in sorted(xmlids):
            if xmlid.split(".", 1)[0].startswith("coop_"):
                continue
            record = self.env.ref(xmlid, raise_if_not_found=False)
            if record is None or record._name not in GENERIC_DEMO_MODELS or "active" not in record._fields:
                continue
            records_by_model.setdefault(record._name, self.env[record._name])
            records_by_model[record._name] |= record
        all_companies = self.env["res.company"].sudo().with_context(active_test=False).search([])
        # users first: the partners and employees of the demo users archived here go with them
        for model_name in sorted(records_by_model, key=lambda name: name != "res.users"):
            records = records_by_model[model_name].sudo().with_context(active_test=False, tracking_disable=True)
            if model_name == "res.users":
                # never an administrator: the database must stay manageable
                records = records.filtered(lambda u: not u._is_admin())
            elif model_name == "res.partner":
                records = records.filtered(
                    lambda p: not p.user_ids.filtered("active") and p not in all_companies.partner_id
                )
            elif model_name == "hr.employee":
                records = records.filtered(lambda e: not e.user_id.active)
                contacts = records.work_contact_id.filtered(
                    lambda p: not p.user_ids.filtered("active") and p not in all_companies.partner_id
                )
                contacts.filtered("active").with_context(active_test=True).write({"active": False})
            records = records.filtered("active")
            if records:
                _logger.info("Archiving %d generic demo records of %s", len(records), model_name)
                # written as usual (active_test on): Odoo checks that no active user is left behind
                records.with_context(active_test=True).write({"active": False})
