"""Access hardening of the service desk (18.0.1.1.0), after the data is loaded.

A ticket never exists without a team: tickets filed without one (portal requests
without a template) go to the triage team of their company. Only the team changes:
their stage, responsible and history stay as they are.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute("SELECT DISTINCT company_id FROM helpdesk_ticket WHERE team_id IS NULL")
    companies = [row[0] for row in cr.fetchall()]
    Team = env["helpdesk.ticket.team"].with_context(active_test=False)
    for company_id in companies:
        company = env["res.company"].browse(company_id) if company_id else env.company
        triage = Team._coop_triage_team(company) or env.ref("coop_servicedesk.team_triage", False)
        if not triage:
            _logger.warning("No triage team for company %s: tickets without a team stay so", company_id)
            continue
        cr.execute(
            """
            UPDATE helpdesk_ticket
               SET team_id = %(team)s, coop_audience = %(audience)s, coop_circle_id = %(circle)s
             WHERE team_id IS NULL AND company_id IS NOT DISTINCT FROM %(company)s
            """,
            {
                "team": triage.id,
                "audience": triage.coop_audience,
                "circle": triage.coop_circle_id.id or None,
                "company": company_id,
            },
        )
        _logger.info("%s tickets without a team assigned to triage team %s", cr.rowcount, triage.id)
    env["helpdesk.ticket"].invalidate_model()
