"""Telegram ticket bridge: a standalone bot service talking to Odoo through its external API.

Start it with ``python -m telegram_bridge``; every setting comes from the environment
(see :mod:`telegram_bridge.config` and ``config/bridge.env.example``).
"""

__version__ = "18.0.1.0.0"
