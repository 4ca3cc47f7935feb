{
    "name": "Coop Circles",
    "summary": "Sociocracy 3.0 circles, roles, consent agreements and process specifications",
    "version": "18.0.1.2.0",
    "category": "Cooperative",
    "author": "coop",
    "website": "https://github.com/coop-erp/coop",
    "license": "AGPL-3",
    "depends": ["coop_base", "mail", "web", "web_hierarchy"],
    "data": [
        "security/coop_circles_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/coop_circle_views.xml",
        "views/coop_role_views.xml",
        "views/coop_role_assignment_views.xml",
        "views/coop_agreement_views.xml",
        "views/coop_process_views.xml",
        "views/res_users_views.xml",
        "report/role_description_report.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/coop_circles_demo.xml",
        "demo/coop_circles_demo_governance.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "coop_circles/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": False,
}
