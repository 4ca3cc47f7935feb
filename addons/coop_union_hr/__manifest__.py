{
    "name": "Coop Union HR",
    "summary": "Attendance and time off of the union's own staff, scoped by office: the office chairman approves",
    "version": "18.0.1.0.0",
    "category": "Cooperative",
    "author": "coop",
    "website": "https://github.com/coop-erp/coop",
    "license": "AGPL-3",
    "depends": ["coop_union", "hr_attendance", "hr_holidays"],
    "data": [
        "security/coop_union_hr_security.xml",
        "data/hr_leave_type_data.xml",
        "views/coop_docflow_office_views.xml",
        "views/hr_employee_views.xml",
        "views/hr_attendance_views.xml",
        "views/hr_leave_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/coop_union_hr_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "coop_union_hr/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": False,
    "auto_install": False,
}
