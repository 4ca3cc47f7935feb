{
    "name": "Coop CRM",
    "summary": "Client base of head cards, leads per direction, refusals, projects and capacity booking",
    "version": "18.0.1.2.0",
    "category": "Cooperative",
    "author": "coop",
    "website": "https://github.com/coop-erp/coop",
    "license": "AGPL-3",
    "depends": ["coop_circles", "crm", "crm_iap_enrich", "project", "resource", "project_timeline", "web_timeline"],
    "data": [
        "security/coop_crm_security.xml",
        "security/ir.model.access.csv",
        "data/coop_crm_data.xml",
        "views/res_partner_views.xml",
        "views/crm_team_views.xml",
        "views/crm_lead_views.xml",
        "views/project_project_views.xml",
        "views/coop_capacity_booking_views.xml",
        "views/coop_capacity_load_role_views.xml",
        "wizards/coop_crm_project_create_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/coop_crm_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "coop_crm/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": False,
}
