"""Offices: the people of the default office are those who ran the document flow.

pre-offices.py gave every journal and document to the default office. Its chairman, deputies
and secretaries are now the members of the document flow groups (the administrators aside, who
see every office anyway); its executors are the other employees who took part in its documents
(authors, executors of resolutions, acknowledgers), so that they keep filing documents there.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    office = env.ref("coop_docflow.office_main", raise_if_not_found=False)
    if not office:
        return
    Users = env["res.users"].with_context(active_test=False)

    def members(xmlid):
        return env.ref(xmlid).with_context(active_test=False).users.filtered(lambda u: not u.share)

    admins = members("coop_docflow.group_docflow_admin")
    chairmen = members("coop_docflow.group_docflow_chairman")
    deputies = members("coop_docflow.group_docflow_deputy") - chairmen - admins
    secretaries = members("coop_docflow.group_docflow_secretary") - deputies - chairmen - admins
    # more than one chairman: the first keeps the chair, the others sign no more (deputies)
    chairman = chairmen.sorted("id")[:1]
    deputies |= chairmen - chairman
    cr.execute(
        """
        SELECT author_id FROM coop_document
        UNION SELECT executor_id FROM coop_document_assignment
        UNION SELECT user_id FROM coop_document_acknowledgement
        UNION SELECT deputy_id FROM coop_document_resolution WHERE deputy_id IS NOT NULL
        """
    )
    participants = (
        Users.browse([row[0] for row in cr.fetchall() if row[0]]).exists().filtered(lambda u: not u.share)
    )
    executors = participants - chairman - deputies - secretaries
    values = {
        "deputy_ids": [(4, user.id) for user in deputies],
        "secretary_ids": [(4, user.id) for user in secretaries],
        "executor_ids": [(4, user.id) for user in executors],
    }
    if chairman and not office.chairman_id:
        values["chairman_id"] = chairman.id
    office.write(values)
