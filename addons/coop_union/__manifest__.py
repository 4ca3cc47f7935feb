{
    "name": "Coop Union",
    "summary": "Trade-union registry: organisations, members, appeals, awards, birthdays, SMS/email mailings",
    "version": "18.0.1.2.0",
    "category": "Cooperative",
    "author": "coop",
    "website": "https://github.com/coop-erp/coop",
    "license": "AGPL-3",
    "depends": ["coop_docflow", "calendar", "mass_mailing_sms", "web_hierarchy", "report_xlsx"],
    "external_dependencies": {"python": ["openpyxl", "xlsxwriter", "requests"]},
    "data": [
        "security/coop_union_security.xml",
        "security/ir.model.access.csv",
        "data/coop_union_data.xml",
        "views/coop_union_organization_views.xml",
        "views/coop_union_member_views.xml",
        "views/coop_union_appeal_views.xml",
        "views/coop_union_award_views.xml",
        "views/coop_union_config_views.xml",
        "views/mailing_mailing_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/coop_union_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "coop_union/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": False,
}
