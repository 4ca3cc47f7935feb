"""Steps shared by the migration scripts of the coop addons."""

import logging

from odoo.tools import SQL, sql

_logger = logging.getLogger(__name__)


def rename_fields(cr, renames):
    """Rename fields kept by a database of an earlier version, before the module loads.

    ``renames``: ``(model, old name, new name)``. The column (and its index), the field's
    ``ir.model.fields`` row and its xml id are renamed in place, so that the values, the
    tracking history and everything else pointing at the field stay. A field of a model
    another model inherits by delegation (``res.partner`` in ``res.users``) is renamed for
    both when both are given.
    """
    for model, old, new in renames:
        table = model.replace(".", "_")
        if sql.column_exists(cr, table, old) and not sql.column_exists(cr, table, new):
            sql.rename_column(cr, table, old, new)
            cr.execute(
                SQL(
                    "ALTER INDEX IF EXISTS %s RENAME TO %s",
                    SQL.identifier(f"{table}__{old}_index"),
                    SQL.identifier(f"{table}__{new}_index"),
                )
            )
            _logger.info("renamed column %s.%s to %s", table, old, new)
        cr.execute(
            "UPDATE ir_model_fields SET name = %s WHERE model = %s AND name = %s",
            (new, model, old),
        )
        cr.execute(
            "UPDATE ir_model_data SET name = %s WHERE model = 'ir.model.fields' AND name = %s",
            (f"field_{table}__{new}", f"field_{table}__{old}"),
        )
