{
    "name": "Coop Base",
    "summary": "Common root of the coop addons: the Cooperative application menu and security category",
    "version": "18.0.1.0.0",
    "category": "Cooperative",
    "author": "coop",
    "website": "https://github.com/coop-erp/coop",
    "license": "AGPL-3",
    "depends": ["base", "mail"],
    "data": [
        "security/coop_security.xml",
        "views/coop_menus.xml",
    ],
    "demo": [
        "demo/res_company_demo.xml",
    ],
    "installable": True,
    "application": False,
}
