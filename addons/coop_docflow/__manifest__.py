{
    "name": "Coop Document Flow",
    "summary": "Internal, incoming and outgoing documents: registration, signature, resolutions, execution control",
    "version": "18.0.1.0.0",
    "category": "Cooperative",
    "author": "coop",
    "website": "https://github.com/coop-erp/coop",
    "license": "AGPL-3",
    "depends": ["coop_base", "mail", "hr"],
    "data": [
        "views/menus.xml",
    ],
    "demo": [],
    "installable": True,
    "application": False,
}
