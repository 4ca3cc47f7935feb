from . import (
    coop_capacity_booking,
    coop_capacity_load,
    coop_circle,
    coop_crm_stage_sla,
    crm_lead,
    crm_team,
    project_project,
    project_task,
    res_bank,
    res_partner,
)
