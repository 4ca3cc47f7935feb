"""Default values computed once per bulk member import instead of once per created record.

For every record of a batch Odoo lists the fields missing from its values and asks
``default_get`` for them; a member import of 254,000 rows would do it 500,000 times (members
and their contacts) with the same answer. While an import runs, ``bulk_defaults`` keeps the
answer on the cursor, keyed by model, the fields given, user and context.
"""

import copy
from contextlib import contextmanager

MEMO_KEY = "coop_union_import_defaults"


@contextmanager
def bulk_defaults(cr):
    """Memoise the default values of the models that use ``add_missing_defaults`` within the block."""
    cr.cache[MEMO_KEY] = {}
    try:
        yield
    finally:
        cr.cache.pop(MEMO_KEY, None)


def add_missing_defaults(model, values, compute):
    """``compute(values)`` is the model's own ``_add_missing_default_values``."""
    memo = model.env.cr.cache.get(MEMO_KEY)
    if memo is None or any(field.type == "properties" for field in model._fields.values()):
        return compute(values)
    context = tuple(sorted((key, repr(value)) for key, value in model.env.context.items()))
    key = (model._name, frozenset(values), model.env.uid, model.env.su, context)
    defaults = memo.get(key)
    if defaults is None:
        result = compute(values)
        memo[key] = {name: value for name, value in result.items() if name not in values}
        return result
    result = {
        name: copy.deepcopy(value) if isinstance(value, list | dict) else value
        for name, value in defaults.items()
    }
    result.update(values)
    return result
