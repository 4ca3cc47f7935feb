"""Selections: labels in the reader's language, the values of another model's field."""


def selection_labels(model, fname):
    """``{value: label}`` of the selection field ``fname`` of ``model`` in ``model.env``'s language."""
    return dict(model._fields[fname]._description_selection(model.env))


def selection_label(record, fname, value=None):
    """The label of ``value`` (by default the record's own value) of the selection ``fname``;
    an empty string when there is no value."""
    if value is None:
        value = record[fname]
    return selection_labels(record, fname).get(value, "") if value else ""


def selection_of(model_name, fname):
    """A ``selection=`` that reuses the values and the translated labels of the selection
    ``fname`` of ``model_name`` (a priority copied from the ticket stays the ticket's)."""

    def selection(model):
        return model.env[model_name]._fields[fname]._description_selection(model.env)

    return selection
