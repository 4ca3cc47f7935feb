{
    "name": "Coop Union Telegram",
    "summary": "Union members link their Telegram chat and file appeals through the bot; answers reach the chat",
    "version": "18.0.1.3.0",
    "category": "Cooperative",
    "author": "coop",
    "website": "https://github.com/coop-erp/coop",
    "license": "AGPL-3",
    "depends": ["coop_union", "coop_servicedesk"],
    "data": [
        "security/coop_union_telegram_security.xml",
        "data/mail_template_data.xml",
        "views/coop_union_member_views.xml",
        "views/coop_telegram_outbox_views.xml",
    ],
    "auto_install": True,
    "installable": True,
    "application": False,
}
