{
    "name": "Coop Base",
    "summary": "Common root of the coop addons: the Cooperative application menu, security category and the access limits of stock models",
    "version": "18.0.1.3.0",
    "category": "Cooperative",
    "author": "coop",
    "website": "https://github.com/coop-erp/coop",
    "license": "AGPL-3",
    "depends": ["base", "mail", "calendar", "partner_autocomplete", "rating", "resource", "snailmail"],
    "data": [
        "security/coop_security.xml",
        "security/coop_base_stock_rules.xml",
        "security/ir.model.access.csv",
        "data/production_calendar_data.xml",
        "views/coop_menus.xml",
        "views/res_config_settings_views.xml",
        "wizards/coop_production_calendar_import_views.xml",
    ],
    "demo": [
        "demo/res_company_demo.xml",
    ],
    "installable": True,
    "application": False,
}
