"""Views take the ids ``<model>_view_<type>`` (18.0.1.2.0): their xml ids are renamed
before the update, so that each view is rewritten in place."""

from odoo.addons.coop_base.tools.migration import rename_xmlids

# old xml id, new xml id
RENAMES = """
crm_case_kanban_view_leads_coop_crm crm_lead_view_kanban
crm_case_tree_view_oppor_coop_crm crm_lead_view_list
crm_lead_view_form_coop_crm crm_lead_view_form
crm_lead_view_graph_coop_conversion crm_lead_view_graph_conversion
crm_lead_view_graph_coop_refusals crm_lead_view_graph_refusals
crm_lead_view_kanban_coop_refusals crm_lead_view_kanban_refusals
crm_lead_view_list_coop_refusals crm_lead_view_list_refusals
crm_lead_view_pivot_coop_conversion crm_lead_view_pivot_conversion
crm_lead_view_pivot_coop_refusals crm_lead_view_pivot_refusals
crm_team_view_form_coop_crm crm_team_view_form
edit_project_coop_crm project_project_view_form
view_coop_client_kanban res_partner_view_kanban_client
view_coop_client_list res_partner_view_list_client
view_coop_client_search res_partner_view_search_client
view_crm_case_opportunities_filter_coop_crm crm_lead_view_search
view_partner_form_coop_crm res_partner_view_form
view_project_project_filter_coop_crm project_project_view_search
view_res_bank_form_coop_crm res_bank_view_form
"""


def migrate(cr, version):
    if version:
        rename_xmlids(cr, "coop_crm", RENAMES)
