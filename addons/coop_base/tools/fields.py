"""Labels of selection values in the reader's language."""


def selection_labels(model, fname):
    """``{value: label}`` of the selection field ``fname`` of ``model`` in ``model.env``'s language."""
    return dict(model._fields[fname]._description_selection(model.env))


def selection_label(record, fname, value=None):
    """The label of ``value`` (by default the record's own value) of the selection ``fname``;
    an empty string when there is no value."""
    if value is None:
        value = record[fname]
    return selection_labels(record, fname).get(value, "") if value else ""
