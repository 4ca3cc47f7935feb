"""SLA that waits: the stages of the demo teams that wait for the client are marked so, and
become ignored stages of their teams' SLAs, as on a new installation. Other databases keep
their stages as they are: the administrator marks his own waiting stages."""

from odoo import SUPERUSER_ID, api

DEMO_WAITING_STAGES = (
    "coop_servicedesk.stage_client_translog_wait",
    "coop_servicedesk.stage_sysadmin_wait",
    "coop_servicedesk.stage_accounting_wait",
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    stages = env["helpdesk.ticket.stage"]
    for xmlid in DEMO_WAITING_STAGES:
        stages |= env.ref(xmlid, raise_if_not_found=False) or stages
    stages.write({"coop_waiting_client": True})
