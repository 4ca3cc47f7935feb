from .actions import related_action
from .backoff import capped_backoff
from .config import param_bool, param_float, param_int, param_megabytes
from .fields import selection_label, selection_labels, selection_of
from .lang import in_job_lang, job_lang

__all__ = [
    "capped_backoff",
    "in_job_lang",
    "job_lang",
    "param_bool",
    "param_float",
    "param_int",
    "param_megabytes",
    "related_action",
    "selection_label",
    "selection_labels",
    "selection_of",
]
