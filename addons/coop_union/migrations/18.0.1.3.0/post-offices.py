"""Offices: the federation is served by the default office of the document flow.

coop_docflow's migration of this version made one default office holding every journal and
document. The root organisations of the union (the federation) get it as their office; every
organisation below them is served by it until it gets an office of its own.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    office = env.ref("coop_docflow.office_main", raise_if_not_found=False)
    if not office:
        return
    roots = (
        env["coop.union.organization"]
        .with_context(active_test=False)
        .search([("parent_id", "=", False), ("office_id", "=", False)])
    )
    roots.write({"office_id": office.id})
