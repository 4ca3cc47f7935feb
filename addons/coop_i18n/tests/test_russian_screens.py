"""Every term of the OCA modules the coop installs, and every text of the screens coop users open
in them, reads in Russian."""

import re

from lxml import etree
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader, code_translations

from ..catalogues import covered_modules

LANG = "ru_RU"
# Words that are the same in Russian (abbreviations, names, technical notation).
SAME_IN_RUSSIAN = set("SLA ID Odoo XLSX PDF HTML JSON HTTP SMS URL CSV Wi Fi Telegram".split())
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]+")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
MARKUP = re.compile(r"<[^>]*>|\{\{.*?\}\}|%\(\w+\)s|%s|&\w+;")

# The screens coop users open in the OCA modules: (model, view xmlid) of the back office...
BACK_OFFICE_SCREENS = [
    ("helpdesk.ticket", "helpdesk_mgmt.ticket_view_form"),
    ("helpdesk.ticket", "helpdesk_mgmt.ticket_view_tree"),
    ("helpdesk.ticket", "helpdesk_mgmt.view_helpdesk_ticket_kanban"),
    ("helpdesk.ticket", "helpdesk_mgmt.helpdesk_ticket_view_search"),
    ("helpdesk.ticket", "helpdesk_mgmt.helpdesk_ticket_views_pivot"),
    ("helpdesk.ticket.team", "helpdesk_mgmt.view_helpdesk_team_form"),
    ("helpdesk.ticket.team", "helpdesk_mgmt.view_helpdesk_team_tree"),
    ("helpdesk.ticket.team", "helpdesk_mgmt.helpdesk_ticket_kanban_view"),
    ("helpdesk.ticket.team", "helpdesk_mgmt.view_helpdesk_ticket_team_search"),
    ("helpdesk.ticket.stage", "helpdesk_mgmt.view_helpdesk_ticket_stage_form"),
    ("helpdesk.ticket.stage", "helpdesk_mgmt.view_helpdesk_ticket_stage_tree"),
    ("helpdesk.ticket.stage", "helpdesk_mgmt.view_helpdesk_ticket_stage_search"),
    ("helpdesk.ticket.category", "helpdesk_mgmt.view_helpdesk_category_form"),
    ("helpdesk.ticket.category", "helpdesk_mgmt.view_helpdesk_category_tree"),
    ("helpdesk.ticket.category", "helpdesk_mgmt.view_helpdesk_ticket_category_search"),
    ("helpdesk.ticket.tag", "helpdesk_mgmt.view_helpdesk_ticket_tag_form"),
    ("helpdesk.ticket.tag", "helpdesk_mgmt.view_helpdesk_ticket_tag_tree"),
    ("helpdesk.ticket.tag", "helpdesk_mgmt.view_helpdesk_ticket_tag_search"),
    ("helpdesk.ticket.channel", "helpdesk_mgmt.view_helpdesk_channel_form"),
    ("helpdesk.ticket.channel", "helpdesk_mgmt.view_helpdesk_channel_tree"),
    ("helpdesk.ticket.channel", "helpdesk_mgmt.view_helpdesk_ticket_channel_search"),
    ("helpdesk.ticket.duplicate.wizard", "helpdesk_mgmt.view_helpdesk_ticket_duplicate_form"),
    ("helpdesk.sla", "helpdesk_mgmt_sla.helpdesk_ticket_sla_form"),
    ("helpdesk.sla", "helpdesk_mgmt_sla.helpdesk_sla_tree"),
    ("helpdesk.sla", "helpdesk_mgmt_sla.view_helpdesk_sla_search"),
    ("helpdesk.ticket.sla", "helpdesk_mgmt_sla.helpdesk_ticket_sla_form_view"),
    ("helpdesk.ticket.sla", "helpdesk_mgmt_sla.helpdesk_ticket_sla_tree_view"),
    ("helpdesk.ticket.sla", "helpdesk_mgmt_sla.helpdesk_ticket_sla_search_view"),
    ("helpdesk.sla.report", "helpdesk_mgmt_sla.helpdesk_sla_report_pivot_view"),
    ("helpdesk.sla.report", "helpdesk_mgmt_sla.helpdesk_sla_report_search_view"),
    ("project.project", "project_timeline.project_project_timeline"),
    ("project.task", "project_timeline.project_task_timeline"),
    ("project.task", "project.view_task_form2"),
    ("project.task", "project.view_task_tree2"),
]
# ... the client's portal (QWeb templates, with every extension installed) ...
PORTAL_SCREENS = [
    "helpdesk_mgmt.portal_my_tickets",
    "helpdesk_mgmt.portal_ticket_list",
    "helpdesk_mgmt.portal_helpdesk_ticket_page",
    "helpdesk_mgmt.portal_create_ticket",
    "helpdesk_mgmt.portal_ticket_new_button",
    "portal.portal_my_home",
    "portal.portal_layout",
]
# ... and the windows (titles) and menus they open from.
ACTIONS = [
    "helpdesk_mgmt.helpdesk_ticket_action",
    "helpdesk_mgmt.helpdesk_my_tickets_action",
    "helpdesk_mgmt.helpdesk_ticket_dashboard_action",
    "helpdesk_mgmt.helpdesk_ticket_team_action",
    "helpdesk_mgmt.helpdesk_ticket_stage_action",
    "helpdesk_mgmt.helpdesk_ticket_category_action",
    "helpdesk_mgmt.helpdesk_ticket_tag_action",
    "helpdesk_mgmt.helpdesk_ticket_channel_action",
    "helpdesk_mgmt.helpdesk_ticket_reporting_action",
    "helpdesk_mgmt_sla.action_helpdesk_sla_tree",
    "helpdesk_mgmt_sla.helpdesk_sla_report_act_window",
]
# Messages of the modules' code shown on those screens (portal search bar and sorting).
CODE_TERMS = {
    "helpdesk_mgmt": ["Newest", "None", "Search in All", "Search in Title", "Search in Number", "Customer"],
    "web_timeline": ["Today", "Day", "Week", "Month", "Year", "<b>UNASSIGNED</b>"],
    "web": ["Fold"],
}


def english(text):
    """The words of ``text`` a Russian user would read in English (empty when it reads in Russian)."""
    if not text or CYRILLIC.search(text):
        return []
    return [word for word in LATIN_WORD.findall(MARKUP.sub(" ", text)) if word not in SAME_IN_RUSSIAN]


@tagged("post_install", "-at_install")
class TestRussianScreens(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env["res.lang"]._lang_get(LANG):
            cls.env["res.lang"]._activate_lang(LANG)
            cls.env["ir.module.module"].search([("state", "=", "installed")])._update_translations([LANG])
        cls.ru = cls.env(context={"lang": LANG})
        cls.installed = set(cls.env["ir.module.module"].search([("state", "=", "installed")]).mapped("name"))

    def test_catalogues_complete(self):
        """Every term of the covered OCA modules (records and code) has a Russian translation."""
        modules = [name for name in covered_modules(("i18n_oca",)) if name in self.installed]
        self.assertIn("helpdesk_mgmt", modules)
        missing = [
            f"{module} {ttype} {name} {res_id}: {source!r}"
            for module, ttype, name, res_id, source, value, _comments in TranslationModuleReader(
                self.env.cr, modules, LANG
            )
            if not value and english(source)
        ]
        self.assertFalse(missing, "terms without Russian:\n" + "\n".join(missing))

    def _shown_fields(self, node, model, view_type, hidden=False, grouped=False):
        """(model, field name, label shown?) of the fields ``node`` shows: their selection values
        come from the field, and so do their label and tooltip when the view gives them none."""
        hidden = hidden or any(node.get(attr) in ("1", "True") for attr in ("invisible", "column_invisible"))
        if node.tag in ("form", "list", "kanban", "search", "pivot", "graph", "timeline", "calendar"):
            view_type, grouped = node.tag, False
        grouped = grouped or node.tag == "group"
        if node.tag == "field":
            field = self.env[model]._fields.get(node.get("name"))
            if not hidden and field:
                labelled = (
                    not node.get("string")
                    and node.get("nolabel") != "1"
                    and node.get("widget") != "handle"
                    and (
                        view_type in ("list", "search", "pivot", "graph") or (view_type == "form" and grouped)
                    )
                )
                yield model, field.name, labelled
            if field and field.relational:
                model = field.comodel_name
        if node.tag == "label" and node.get("for") and not node.get("string") and not hidden:
            field = self.env[model]._fields.get(node.get("for"))
            if field:
                yield model, field.name, True
        for child in node:
            yield from self._shown_fields(child, model, view_type, hidden, grouped)

    def test_back_office_screens(self):
        """Texts, shown field labels, their tooltips and selection values of the back-office screens."""
        found = []
        terms_of = self.env["ir.ui.view"]._fields["arch_db"].get_trans_terms
        for model, xmlid in BACK_OFFICE_SCREENS:
            view = self.env.ref(xmlid)
            arch = self.ru[model].get_view(view.id, view.type)["arch"]
            found += [f"{xmlid}: {term!r}" for term in terms_of(arch) if english(term)]
            for field_model, fname, labelled in set(
                self._shown_fields(etree.fromstring(arch), model, view.type)
            ):
                description = self.ru[field_model].fields_get([fname], ["string", "help", "selection"])[fname]
                texts = [description.get("string"), description.get("help")] if labelled else []
                texts += [label for _value, label in description.get("selection") or []]
                found += [f"{xmlid}: {field_model}.{fname} {text!r}" for text in texts if english(text)]
        self.assertFalse(found, "English on the back-office screens:\n" + "\n".join(sorted(set(found))))

    def test_portal_screens(self):
        """Texts of the client's portal pages of the service desk."""
        found = []
        for xmlid in PORTAL_SCREENS:
            view = self.ru.ref(xmlid)
            arch = etree.tostring(view._get_combined_arch(), encoding="unicode")
            for term in self.env["ir.ui.view"]._fields["arch_db"].get_trans_terms(arch):
                if english(term):
                    found.append(f"{xmlid}: {term!r}")
        self.assertFalse(found, "English on the portal pages:\n" + "\n".join(found))

    def test_actions_menus_and_code(self):
        """Window titles, menus and the code's messages on those screens."""
        found = [xmlid for xmlid in ACTIONS if english(self.ru.ref(xmlid).name)]
        menus = self.ru["ir.ui.menu"].search([])
        menu_xmlids = menus.get_external_id()
        found += [
            f"{menu_xmlids[menu.id]}: {menu.name!r}"
            for menu in menus
            if menu_xmlids.get(menu.id, "").split(".")[0] in ("helpdesk_mgmt", "helpdesk_mgmt_sla")
            and english(menu.name)
        ]
        for module, terms in CODE_TERMS.items():
            python = code_translations.get_python_translations(module, LANG)
            web = {
                m["id"]: m["string"] for m in code_translations.get_web_translations(module, LANG)["messages"]
            }
            found += [
                f"{module} code: {term!r}"
                for term in terms
                if english(python.get(term) or web.get(term) or term)
            ]
        self.assertFalse(found, "English titles, menus or messages:\n" + "\n".join(found))

    def test_corrections(self):
        """The coop's terms replace Odoo's wrong Russian where it shows on the coop's screens."""
        partner = self.ru["res.partner"]
        self.assertEqual(partner._fields["vat"].get_description(self.ru)["string"], "ИНН")
        self.assertEqual(partner.fields_get(["state_id"], ["string"])["state_id"]["string"], "Регион")
        self.assertEqual(self.ru.ref("crm.stage_lead3").name, "Предложение")
        arch = self.ru.ref("base.view_partner_form").arch_db
        self.assertIn('placeholder="Регион"', arch)
        self.assertNotIn("Состояние", arch)
        web = {m["id"]: m["string"] for m in code_translations.get_web_translations("web", LANG)["messages"]}
        self.assertEqual(web["Fold"], "Свернуть")


@tagged("post_install", "-at_install")
class TestRussianPortalPage(HttpCase):
    def test_portal_ticket_list(self):
        """A Russian-speaking client's ticket list: the search bar, sorting and empty list in Russian."""
        if not self.env["res.lang"]._lang_get(LANG):
            self.env["res.lang"]._activate_lang(LANG)
            self.env["ir.module.module"].search([("state", "=", "installed")])._update_translations([LANG])
        client = self.env["res.partner"].create({"name": "ООО Проверка", "is_company": True, "lang": LANG})
        user = self.env["res.users"].create(
            {
                "name": "Клиент Проверки",
                "login": "coop_i18n_portal",
                "password": "coop_i18n_portal",
                "parent_id": client.id,
                "lang": LANG,
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        self.assertEqual(user.lang, LANG)
        self.authenticate("coop_i18n_portal", "coop_i18n_portal")
        page = self.url_open("/my/tickets").text
        for english_text in ("No tickets found.", "Search in All", "Newest", ">Tickets<"):
            self.assertNotIn(english_text, page)
        for russian_text in ("Заявок не найдено.", "Искать везде", "Сначала новые", "Заявки"):
            self.assertIn(russian_text, page)
