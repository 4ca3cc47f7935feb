"""Member analytics (18.0.1.3.0): the age band and the regional organisation of every existing
member, each in one statement (the columns were created empty by pre-analytics.py)."""

from datetime import date

from odoo.addons.coop_union.tools.analytics import fill_regional_organizations, refresh_age_bands


def migrate(cr, version):
    if not version:
        return
    refresh_age_bands(cr, date.today())
    fill_regional_organizations(cr)
