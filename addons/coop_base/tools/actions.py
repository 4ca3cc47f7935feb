"""Window actions opened from a record (smart buttons)."""


def related_action(record, xmlid, field, context=None):
    """The window action ``xmlid`` on the records whose ``field`` is ``record``; new ones get
    ``record`` as their ``field`` unless ``context`` is given. The caller must be allowed to
    read ``record``: a button is an RPC endpoint."""
    record.ensure_one()
    record.check_access("read")
    action = record.env["ir.actions.act_window"]._for_xml_id(xmlid)
    action["domain"] = [(field, "=", record.id)]
    action["context"] = {f"default_{field}": record.id} if context is None else context
    return action
