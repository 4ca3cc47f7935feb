from . import (
    coop_servicedesk_article,
    coop_servicedesk_assign_rule,
    coop_servicedesk_template,
    coop_telegram_bridge,
    coop_telegram_link,
    coop_telegram_outbox,
    helpdesk_sla,
    helpdesk_ticket,
    helpdesk_ticket_stage,
    helpdesk_ticket_team,
    res_partner,
)
