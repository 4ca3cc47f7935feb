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


def rename_xmlids(cr, module, renames):
    """Rename xml ids of ``module`` (``{old: new}``) before the module loads, so that its data
    files update the existing records (a view keeps its id and its arch is rewritten in place,
    instead of a stale copy living on until the end of the update). ``renames`` may also be
    a text of lines ``old new``."""
    if isinstance(renames, str):
        renames = dict(line.split() for line in renames.splitlines() if line.strip())
    for old, new in renames.items():
        cr.execute(
            """
            UPDATE ir_model_data SET name = %(new)s
             WHERE module = %(module)s AND name = %(old)s
               AND NOT EXISTS (SELECT 1 FROM ir_model_data WHERE module = %(module)s AND name = %(new)s)
            """,
            {"module": module, "old": old, "new": new},
        )
