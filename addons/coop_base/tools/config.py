"""Typed readers of settings (``ir.config_parameter``).

Settings pages store them through ``res.config.settings`` fields with ``config_parameter=``;
an administrator may also have typed a value under Technical > System Parameters. A missing,
empty or unreadable value gives the default (an unreadable one is logged).
"""

import logging

_logger = logging.getLogger(__name__)


def _raw(env, key):
    value = env["ir.config_parameter"].sudo().get_param(key)
    return None if value in (None, False, "") else value


def _parse(env, key, default, parse):
    value = _raw(env, key)
    if value is None:
        return default
    try:
        return parse(value.strip())
    except ValueError:
        _logger.warning("Ignoring the invalid setting %s = %r", key, value)
        return default


def param_int(env, key, default, minimum=None):
    """The integer setting ``key``; at least ``minimum`` when given."""
    number = _parse(env, key, default, lambda value: int(float(value)))
    return number if minimum is None else max(number, minimum)


def param_float(env, key, default, minimum=None):
    """The decimal setting ``key``; at least ``minimum`` when given."""
    number = _parse(env, key, default, float)
    return number if minimum is None else max(number, minimum)


def param_bool(env, key, default=False):
    """The yes/no setting ``key`` (a settings checkbox stores ``True`` or removes the key)."""
    value = _raw(env, key)
    if value is None:
        return default
    return value.strip().lower() in ("true", "1", "yes")


def param_megabytes(env, key, default_mb):
    """The size setting ``key`` given in megabytes, in bytes (0: no limit)."""
    return max(int(param_float(env, key, default_mb) * 1024 * 1024), 0)
