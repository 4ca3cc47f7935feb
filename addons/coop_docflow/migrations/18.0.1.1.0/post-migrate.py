"""Fingerprint the documents already waiting for the chairman's signature.

From this version the chairman signs exactly what was sent to him: the content and the
files of a document are frozen while it waits for his signature, and a fingerprint of them
taken when it was sent is checked when he signs. Documents sent before the upgrade get the
fingerprint of their content as it is now, so that he can still sign them.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    documents = env["coop.document"].search(
        [("state", "=", "on_signature"), ("signature_fingerprint", "=", False)]
    )
    for document in documents:
        cr.execute(
            "UPDATE coop_document SET signature_fingerprint = %s WHERE id = %s",
            (document._signature_fingerprint(), document.id),
        )
    documents.invalidate_recordset(["signature_fingerprint"])
