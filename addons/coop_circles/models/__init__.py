from . import (
    coop_agreement,
    coop_agreement_objection,
    coop_circle,
    coop_process,
    coop_process_kpi,
    coop_role,
    coop_role_assignment,
    res_users,
)
