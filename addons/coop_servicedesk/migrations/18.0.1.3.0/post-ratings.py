"""Ratings (helpdesk_mgmt_rating, a new dependency): its columns and the outbox's rating token
are added by the ORM, every ticket and outbox message is kept. A demo database's client done
stage asks for a rating, as on a new installation."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    stage = env.ref("coop_servicedesk.stage_client_translog_done", raise_if_not_found=False)
    template = env.ref("helpdesk_mgmt_rating.rating_ticket_email_template", raise_if_not_found=False)
    if stage and template and not stage.rating_mail_template_id:
        stage.rating_mail_template_id = template
