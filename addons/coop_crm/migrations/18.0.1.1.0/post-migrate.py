from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    # The daily load job calls the private recompute (the public one is the coordinators' button).
    cron = env.ref("coop_crm.ir_cron_coop_capacity_load", raise_if_not_found=False)
    if cron and "action_coop_recompute_all" in (cron.code or ""):
        cron.code = "model._coop_recompute_all()"
    # Odoo's lead enrichment sends lead e-mail domains out: on demand only, and gated by a setting.
    env["crm.lead"]._coop_iap_enrich_off()
