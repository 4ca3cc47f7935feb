"""Views take the ids ``<model>_view_<type>`` (18.0.1.2.0): their xml ids are renamed
before the update, so that each view is rewritten in place."""

from odoo.addons.coop_base.tools.migration import rename_xmlids

# old xml id, new xml id
RENAMES = """
res_config_settings_view_form_coop_iap res_config_settings_view_form
"""


def migrate(cr, version):
    if version:
        rename_xmlids(cr, "coop_base", RENAMES)
