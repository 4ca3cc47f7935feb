"""The assignees' "SLA at risk" Telegram notice is new: tickets whose SLA deadline has already
passed when the module is upgraded count as told, so the first run of the cron does not send
a notice for every overdue ticket of the past."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE helpdesk_ticket t SET coop_sla_risk_notified = TRUE
         WHERE EXISTS (SELECT 1 FROM helpdesk_ticket_sla s
                        WHERE s.ticket_id = t.id
                          AND (s.state = 'expired' OR (s.state = 'in_progress' AND s.deadline < now() at time zone 'UTC')))
        """
    )
