"""Stock models whose rows are visible through the record they belong to.

Odoo record rules cannot say "this row is visible when the record it points to is
readable": rule domains run as superuser and ``res_model``/``res_id`` pairs are not
relations. The models that need it inherit :class:`AccessScope`, which overrides
``_check_access`` (browse, read, write) and ``_search`` (search, search_read, read_group,
name_search, counts) the way ``mail.message`` and ``mail.activity`` do in Odoo itself; a
model only declares the fields its rule reads and, when the rule is not the document one,
its own ``_coop_allowed_rows``.
"""

import functools

from odoo import api, models


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


class AccessScope(models.AbstractModel):
    """Rows visible only to those :meth:`_coop_allowed_rows` allows.

    A model inheriting it (``_inherit = ["stock.model", "coop.access.scope"]``) declares:

    - ``_coop_scope_fnames``: the fields read for every row; the rows handed to
      :meth:`_coop_allowed_rows` are tuples ``(id, *values)`` in that order;
    - ``_coop_scope_operations``: the operations checked (``None``: all of them);
    - either the document rule (the default :meth:`_coop_allowed_rows`: fields
      ``(res_model, res_id, owner)``, a row is allowed to its owner, see
      :meth:`_coop_scope_owner`, and to the readers of its document) or its own method.

    Superuser and ``sudo()`` steps are not restricted.
    """

    _name = "coop.access.scope"
    _description = "Rows Visible Through Their Record"

    _coop_scope_fnames = ()
    _coop_scope_operations = None

    @api.model
    def _coop_scope_owner(self):
        """The owner value of the user's own rows for the document rule: his partner."""
        return self.env.user.partner_id.id

    @api.model
    def _coop_allowed_rows(self, rows, operation="read"):
        """``rows``: (id, res_model, res_id, owner); the ids the user may access."""
        owner = self._coop_scope_owner()
        return allowed_by_document(self.env, [(row[0], row[1], row[2], row[3] == owner) for row in rows])

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if not self or self.env.su:
            return result
        if self._coop_scope_operations is not None and operation not in self._coop_scope_operations:
            return result
        todo = self - result[0] if result else self
        todo = todo.browse([id_ for id_ in todo._ids if isinstance(id_, int)])
        if not todo:
            return result
        fnames = list(self._coop_scope_fnames)
        if fnames:
            rows = [
                (row["id"], *(row[fname] for fname in fnames))
                for row in todo.sudo().read(fnames, load=False)
            ]
        else:
            rows = [(id_,) for id_ in todo._ids]
        allowed = self._coop_allowed_rows(rows, operation)
        forbidden = todo.filtered(lambda rec: rec.id not in allowed)
        return merge_forbidden(self, result, forbidden, operation)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        query = super()._search(domain, offset, limit, order)
        if self.env.su:
            return query
        return search_filtered(
            self, query, list(self._coop_scope_fnames), lambda rows: self._coop_allowed_rows(rows)
        )
