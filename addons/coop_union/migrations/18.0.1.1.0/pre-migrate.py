"""Contacts and birthday events name the organisation whose staff may see them.

From this version the record rules read, in SQL, who is staff of which organisation, instead
of a list of paths computed per user and cached. Contacts of members and birthday events get
the organisation of the member; the contacts made for outside applicants of appeals get the
appeal's organisation and its path (until now any employee could read them), and the phone
number or e-mail address they gave moves from the notes to the proper field.

The columns are created and filled here, before the module is updated, so that the update does
not recompute them record by record.
"""

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
PHONE = r"^[0-9\s()+.-]{5,}$"


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """ALTER TABLE res_partner
               ADD COLUMN IF NOT EXISTS coop_union_applicant_organization_id int4,
               ADD COLUMN IF NOT EXISTS coop_union_organization_id int4"""
    )
    cr.execute("ALTER TABLE calendar_event ADD COLUMN IF NOT EXISTS coop_union_organization_id int4")
    # contacts of members: the oldest membership decides, as for the path
    cr.execute(
        """UPDATE res_partner p SET coop_union_organization_id = m.organization_id
             FROM (SELECT DISTINCT ON (partner_id) partner_id, organization_id
                     FROM coop_union_member ORDER BY partner_id, id) m
            WHERE m.partner_id = p.id"""
    )
    # contacts made for outside applicants when their appeal was registered
    cr.execute(
        """SELECT a.organization_id, a.applicant_contact, d.sender_id
             FROM coop_union_appeal a
             JOIN coop_document d ON d.id = a.document_id
            WHERE a.member_id IS NULL AND d.sender_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM coop_union_member m WHERE m.partner_id = d.sender_id)
              AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = d.sender_id)"""
    )
    for org_id, contact, partner_id in cr.fetchall():
        cr.execute(
            """UPDATE res_partner
                  SET coop_union_applicant_organization_id = %(org)s,
                      coop_union_organization_id = coalesce(coop_union_organization_id, %(org)s),
                      coop_union_path = coalesce(
                          coop_union_path,
                          (SELECT parent_path FROM coop_union_organization WHERE id = %(org)s)
                      )
                WHERE id = %(partner)s""",
            {"org": org_id, "partner": partner_id},
        )
        contact = (contact or "").strip()
        if not contact:
            continue
        # the contact was stored in the notes: move it where it belongs if nothing else is there
        for column, pattern in (("email", EMAIL), ("phone", PHONE)):
            cr.execute(
                f"""UPDATE res_partner
                       SET {column} = %(contact)s, comment = NULL
                     WHERE id = %(partner)s AND coalesce({column}, '') = ''
                       AND %(contact)s ~ %(pattern)s
                       AND trim(regexp_replace(coalesce(comment, ''), '<[^>]*>', '', 'g')) = %(contact)s""",  # noqa: S608
                {"contact": contact, "partner": partner_id, "pattern": pattern},
            )
    # birthday events: the member's organisation
    cr.execute(
        """UPDATE calendar_event e SET coop_union_organization_id = m.organization_id
             FROM coop_union_member m
            WHERE e.coop_union_member_id = m.id"""
    )
