"""Views take the ids ``<model>_view_<type>`` (18.0.1.3.0): their xml ids are renamed
before the update, so that each view is rewritten in place."""

from odoo.addons.coop_base.tools.migration import rename_xmlids

# old xml id, new xml id
RENAMES = """
helpdesk_sla_view_form_coop helpdesk_sla_view_form
helpdesk_ticket_stage_view_form_coop helpdesk_ticket_stage_view_form
helpdesk_ticket_team_view_form_coop helpdesk_ticket_team_view_form
helpdesk_ticket_view_form_coop helpdesk_ticket_view_form
helpdesk_ticket_view_kanban_coop helpdesk_ticket_view_kanban
helpdesk_ticket_view_list_coop helpdesk_ticket_view_list
helpdesk_ticket_view_search_coop helpdesk_ticket_view_search
view_partner_form_coop_servicedesk res_partner_view_form
"""


def migrate(cr, version):
    if version:
        rename_xmlids(cr, "coop_servicedesk", RENAMES)
