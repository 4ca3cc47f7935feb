from . import (
    test_access_hardening,
    test_calendar_load,
    test_capacity_roles,
    test_circle_workspace,
    test_lead_project_booking,
    test_nda,
    test_nda_sql,
    test_requisites,
    test_sla,
    test_tour,
)
