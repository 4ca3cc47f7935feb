"""The fields the service desk adds to models of other modules carry the ``coop_`` prefix
(18.0.1.3.0): their columns and definitions are renamed in place, the values stay."""

from odoo.addons.coop_base.tools.migration import rename_fields

RENAMES = [
    ("helpdesk.ticket", "bridge_request_uid", "coop_bridge_request_uid"),
    ("helpdesk.ticket.team", "circle_id", "coop_circle_id"),
    ("helpdesk.ticket.team", "client_partner_ids", "coop_client_partner_ids"),
    ("helpdesk.ticket.team", "telegram_chat_id", "coop_telegram_chat_id"),
    ("helpdesk.ticket.team", "template_ids", "coop_template_ids"),
    ("res.partner", "telegram_link_ids", "coop_telegram_link_ids"),
    ("res.users", "telegram_link_ids", "coop_telegram_link_ids"),
]


def migrate(cr, version):
    if version:
        rename_fields(cr, RENAMES)
