"""The Russian production calendar 2025-2027 as global leaves, on databases installed before
it shipped (a new install loads it from data/production_calendar_data.xml)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["resource.calendar.leaves"]._coop_load_production_calendar_file()
