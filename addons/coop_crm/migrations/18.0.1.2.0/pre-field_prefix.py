"""The fields coop_crm adds to models of other modules carry the ``coop_`` prefix
(18.0.1.2.0): their columns and definitions are renamed in place, the values stay."""

from odoo.addons.coop_base.tools.migration import rename_fields

RENAMES = [
    ("crm.lead", "client_partner_ids", "coop_client_partner_ids"),
    ("res.partner", "kpp", "coop_kpp"),
    ("res.partner", "ogrn", "coop_ogrn"),
    ("res.users", "kpp", "coop_kpp"),
    ("res.users", "ogrn", "coop_ogrn"),
]


def migrate(cr, version):
    if version:
        rename_fields(cr, RENAMES)
