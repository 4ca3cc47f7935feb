from . import coop_crm_project_create, crm_lead_lost
