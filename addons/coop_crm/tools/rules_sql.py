"""Record rules of the NDA checked in one SQL query.

Odoo 18 checks the record rules of the records it reads, writes or deletes in Python
(``filtered_domain`` on the superuser's records): for the NDA rules of leads and client
dossiers this walks the circles and their members record by record and costs more than the
query that found the records (a third of the lead kanban's first load). The same rule domain,
evaluated in SQL as ``search`` evaluates it (what the transaction changed written first), answers for the whole
recordset in one query. When some records fail it (or are gone), Odoo's own check runs, so that
it names them and raises the error it always raised. Rule domains on plain columns only (the
coordinator's: the company) stay in Python, where they cost nothing.

The model's other ``_check_access`` overrides (below it in the inheritance chain) see an empty
recordset on the SQL path: they may check the access rights, not the records.
"""

from odoo.osv import expression


def _walks_relations(model, domain):
    """Whether a leaf of ``domain`` follows a relation (a path, a one2many or many2many field,
    a field not stored): what is slow to evaluate in Python."""
    for leaf in domain:
        if not isinstance(leaf, list | tuple) or len(leaf) != 3 or not isinstance(leaf[0], str):
            continue
        if "." in leaf[0]:
            return True
        field = model._fields.get(leaf[0])
        if field is not None and (field.type in ("one2many", "many2many") or not field.store):
            return True
    return False


def _flush_domain(model, domain):
    """Write to the database what the fields of ``domain`` hold in the transaction, along each
    path: Odoo 18 does not flush a many2many field (such as the stored, computed members of a
    circle) that a query filters on."""
    for leaf in domain:
        if not isinstance(leaf, list | tuple) or len(leaf) != 3 or not isinstance(leaf[0], str):
            continue
        current = model
        for fname in leaf[0].split("."):
            field = current._fields.get(fname)
            if field is None:
                break
            if field.store:
                current.flush_model([fname])
            if not field.relational:
                break
            current = current.env[field.comodel_name]


def check_rules_in_sql(records, operation, check):
    """What ``BaseModel._check_access(operation)`` returns for ``records``, with record rules
    that follow relations evaluated in SQL. ``check(recs)`` is the overridden model's
    ``super()._check_access`` for ``recs``."""
    if records.env.su or not records or not all(isinstance(id_, int) for id_ in records._ids):
        return check(records)
    domain = records.env["ir.rule"]._compute_domain(records._name, operation)
    if not domain or not _walks_relations(records, domain):
        return check(records)
    # the access rights (ir.model.access): checked on no record, so no rule is evaluated
    result = check(records.browse())
    if result:
        return records, result[1]
    ids = set(records._ids)
    _flush_domain(records, domain)
    query = records.sudo().with_context(active_test=False)._search(
        expression.AND([[("id", "in", list(ids))], domain])
    )
    if len(set(query)) == len(ids):
        return None
    return check(records)
