"""Mailings and mailing lists now belong to a union organisation, whose subtree's staff see them.
Those made before by union staff go to the first organisation of their responsible (a list: of
its author), so that their staff keep seeing them; the others stay without one (the federation
sees them)."""

import logging

_logger = logging.getLogger(__name__)

FIRST_ORGANISATION = """
    SELECT DISTINCT ON (r.user_id) r.user_id, o.id AS org_id, o.parent_path
      FROM coop_union_organization_staff_rel r
      JOIN coop_union_organization o ON o.id = r.organization_id
     ORDER BY r.user_id, o.complete_name, o.id
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        f"""UPDATE mailing_mailing m
               SET coop_union_organization_id = f.org_id, coop_union_path = f.parent_path
              FROM ({FIRST_ORGANISATION}) f
             WHERE m.coop_union_organization_id IS NULL AND f.user_id = coalesce(m.user_id, m.create_uid)"""
    )
    mailings = cr.rowcount
    cr.execute(
        f"""UPDATE mailing_list l
               SET coop_union_organization_id = f.org_id, coop_union_path = f.parent_path
              FROM ({FIRST_ORGANISATION}) f
             WHERE l.coop_union_organization_id IS NULL AND f.user_id = l.create_uid"""
    )
    _logger.info("Union organisation given to %s mailings and %s mailing lists of union staff", mailings, cr.rowcount)
