{
    "name": "Coop CRM",
    "summary": "Client base of head cards, leads per direction, refusals, projects and capacity booking",
    "version": "18.0.1.0.0",
    "category": "Cooperative",
    "author": "coop",
    "website": "https://github.com/coop-erp/coop",
    "license": "AGPL-3",
    "depends": ["coop_circles", "crm", "project"],
    "data": [
        "views/menus.xml",
    ],
    "demo": [],
    "installable": True,
    "application": False,
}
