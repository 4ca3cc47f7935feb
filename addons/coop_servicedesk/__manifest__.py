{
    "name": "Coop Service Desk",
    "summary": "Back-office and client service desk on OCA helpdesk_mgmt, with the Telegram outbox",
    "version": "18.0.1.0.0",
    "category": "Cooperative",
    "author": "coop",
    "website": "https://github.com/coop-erp/coop",
    "license": "AGPL-3",
    "depends": ["coop_crm", "helpdesk_mgmt"],
    "data": [
        "views/menus.xml",
    ],
    "demo": [],
    "installable": True,
    "application": False,
}
