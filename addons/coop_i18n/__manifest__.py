{
    "name": "Coop Translations",
    "summary": "Russian for the OCA modules the coop installs (service desk, SLA, timeline) "
    "and the coop's own terms where Odoo's Russian is wrong on its screens",
    "version": "18.0.1.2.0",
    "category": "Cooperative",
    "author": "coop",
    "website": "https://github.com/coop-erp/coop",
    "license": "AGPL-3",
    "depends": [
        "crm",
        "helpdesk_mgmt_sla",
        "helpdesk_mgmt_project",
        "project_timeline",
    ],
    "assets": {
        "web.assets_backend": ["coop_i18n/static/src/timeline_labels.esm.js"],
    },
    "auto_install": True,
    "installable": True,
}
