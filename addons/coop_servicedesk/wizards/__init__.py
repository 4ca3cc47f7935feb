from . import coop_servicedesk_client_report
