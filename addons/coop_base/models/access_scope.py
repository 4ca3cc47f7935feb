"""Helpers shared by the stock models that coop_base scopes in Python.

Odoo record rules cannot say "this row is visible when the record it points to is
readable": rule domains run as superuser and ``res_model``/``res_id`` pairs are not
relations. The models below therefore override ``_check_access`` (browse, read, write)
and ``_search`` (search, search_read, read_group, name_search, counts), the way
``mail.message`` and ``mail.activity`` do in Odoo itself.
"""

import functools


def merge_forbidden(records, result, forbidden, operation):
    """Add ``forbidden`` to the result of ``BaseModel._check_access``."""
    if not forbidden:
        return result
    if result:
        return (result[0] + forbidden, result[1])
    return (
        forbidden,
        functools.partial(records.env["ir.rule"]._make_access_error, operation, forbidden),
    )


def allowed_doc_ids(env, model_name, res_ids, operation):
    """Ids among ``res_ids`` of ``model_name`` on which the current user may do ``operation``."""
    if model_name not in env or not res_ids or env[model_name]._abstract:
        return set()
    records = env[model_name].with_context(active_test=False).browse(res_ids).exists()
    return set(records._filtered_access(operation)._ids)


def search_filtered(model, query, fnames, keep_ids):
    """Run ``query`` (from ``_search``), keep the ids ``keep_ids(rows)`` returns.

    Returns the query itself when nothing is filtered out, so that it stays a lazy
    sub-query for the common case (a user searching his own rows).
    """
    if query.is_empty():
        return query
    model.flush_model(fnames)
    rows = model.env.execute_query(
        query.select(*[model._field_to_sql(model._table, fname, query) for fname in ["id", *fnames]])
    )
    if not rows:
        return query
    kept = keep_ids(rows)
    if len(kept) == len(rows):
        return query
    return model.browse([row[0] for row in rows if row[0] in kept])._as_query(ordered=True)


def allowed_by_document(env, rows, operation="read"):
    """``rows``: (id, res_model, res_id, own); ids that are the user's own or whose
    document (res_model, res_id) allows ``operation`` to the user."""
    allowed = set()
    by_doc = {}
    for row_id, res_model, res_id, own in rows:
        if own:
            allowed.add(row_id)
        elif res_model and res_id:
            by_doc.setdefault(res_model, {}).setdefault(res_id, []).append(row_id)
    for res_model, rows_by_doc in by_doc.items():
        for res_id in allowed_doc_ids(env, res_model, list(rows_by_doc), operation):
            allowed.update(rows_by_doc[res_id])
    return allowed


def document_check_access(records, result, operation, fnames, owner):
    """``_check_access`` of a model whose rows belong to a document: ``fnames`` are the
    (model, id, owner) fields; a row is allowed to its ``owner`` or to readers of its document."""
    if not records or records.env.su:
        return result
    todo = records - result[0] if result else records
    todo = todo.filtered(lambda rec: isinstance(rec.id, int))
    if not todo:
        return result
    rows = todo.sudo().read(list(fnames), load=False)
    allowed = document_allowed_rows(
        records.env, [tuple(row[f] for f in ("id", *fnames)) for row in rows], owner
    )
    forbidden = todo.filtered(lambda rec: rec.id not in allowed)
    return merge_forbidden(records, result, forbidden, operation)


def document_allowed_rows(env, rows, owner):
    """``rows``: (id, res_model, res_id, owner_value)."""
    return allowed_by_document(env, [(row[0], row[1], row[2], row[3] == owner) for row in rows])


def document_search(model, query, fnames, owner):
    """``_search`` counterpart of :func:`document_check_access`."""
    if model.env.su:
        return query
    return search_filtered(
        model, query, list(fnames), lambda rows: document_allowed_rows(model.env, rows, owner)
    )
