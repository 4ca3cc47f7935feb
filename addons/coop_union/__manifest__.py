{
    "name": "Coop Union",
    "summary": "Trade-union registry: organisations, members, appeals, awards, birthdays, SMS/email mailings",
    "version": "18.0.1.0.0",
    "category": "Cooperative",
    "author": "coop",
    "website": "https://github.com/coop-erp/coop",
    "license": "AGPL-3",
    "depends": ["coop_docflow", "mass_mailing_sms"],
    "data": [
        "views/menus.xml",
    ],
    "demo": [],
    "installable": True,
    "application": False,
}
