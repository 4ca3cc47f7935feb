{
    "name": "Coop Circles",
    "summary": "Sociocracy 3.0 circles, roles, consent agreements and process specifications",
    "version": "18.0.1.0.0",
    "category": "Cooperative",
    "author": "coop",
    "website": "https://github.com/coop-erp/coop",
    "license": "AGPL-3",
    "depends": ["coop_base", "mail"],
    "data": [
        "views/menus.xml",
    ],
    "demo": [],
    "installable": True,
    "application": False,
}
