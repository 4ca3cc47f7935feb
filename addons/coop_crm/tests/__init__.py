from . import test_calendar_load, test_lead_project_booking, test_nda, test_requisites, test_sla, test_tour
