"""One upload limit (18.0.1.3.0): the portal request form checks Odoo's own
``web.max_file_upload_size``, the limit its file input already announces. A database that
set the former ``coop_servicedesk.max_attachment_bytes`` keeps that value under Odoo's key
(unless Odoo's key was set too: it wins)."""

OLD_KEY = "coop_servicedesk.max_attachment_bytes"
NEW_KEY = "web.max_file_upload_size"


def migrate(cr, version):
    if not version:
        return
    cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", [OLD_KEY])
    row = cr.fetchone()
    if not row:
        return
    cr.execute("SELECT 1 FROM ir_config_parameter WHERE key = %s", [NEW_KEY])
    if cr.fetchone():
        cr.execute("DELETE FROM ir_config_parameter WHERE key = %s", [OLD_KEY])
    else:
        cr.execute("UPDATE ir_config_parameter SET key = %s WHERE key = %s", [NEW_KEY, OLD_KEY])
