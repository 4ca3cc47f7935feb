from odoo.tools import SQL


def create_prefix_index(cr, table, column):
    """An index answering ``column LIKE 'prefix%'`` (the record rules' subtree test), whatever
    the database collation."""
    cr.execute(
        SQL(
            "CREATE INDEX IF NOT EXISTS %s ON %s (%s text_pattern_ops) WHERE %s IS NOT NULL",
            SQL.identifier(f"{table}_{column}_prefix_index"),
            SQL.identifier(table),
            SQL.identifier(column),
            SQL.identifier(column),
        )
    )
