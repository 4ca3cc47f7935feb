"""Views take the ids ``<model>_view_<type>`` (18.0.1.2.0): their xml ids are renamed
before the update, so that each view is rewritten in place."""

from odoo.addons.coop_base.tools.migration import rename_xmlids

RENAMES = {
    "view_coop_agreement_form": "coop_agreement_view_form",
    "view_coop_agreement_hierarchy": "coop_agreement_view_hierarchy",
    "view_coop_agreement_kanban": "coop_agreement_view_kanban",
    "view_coop_agreement_list": "coop_agreement_view_list",
    "view_coop_agreement_objection_form": "coop_agreement_objection_view_form",
    "view_coop_agreement_objection_hierarchy": "coop_agreement_objection_view_hierarchy",
    "view_coop_agreement_objection_kanban": "coop_agreement_objection_view_kanban",
    "view_coop_agreement_objection_list": "coop_agreement_objection_view_list",
    "view_coop_agreement_objection_search": "coop_agreement_objection_view_search",
    "view_coop_agreement_search": "coop_agreement_view_search",
    "view_coop_circle_form": "coop_circle_view_form",
    "view_coop_circle_hierarchy": "coop_circle_view_hierarchy",
    "view_coop_circle_kanban": "coop_circle_view_kanban",
    "view_coop_circle_list": "coop_circle_view_list",
    "view_coop_circle_search": "coop_circle_view_search",
    "view_coop_process_form": "coop_process_view_form",
    "view_coop_process_hierarchy": "coop_process_view_hierarchy",
    "view_coop_process_kanban": "coop_process_view_kanban",
    "view_coop_process_list": "coop_process_view_list",
    "view_coop_process_search": "coop_process_view_search",
    "view_coop_role_assignment_form": "coop_role_assignment_view_form",
    "view_coop_role_assignment_hierarchy": "coop_role_assignment_view_hierarchy",
    "view_coop_role_assignment_kanban": "coop_role_assignment_view_kanban",
    "view_coop_role_assignment_list": "coop_role_assignment_view_list",
    "view_coop_role_assignment_search": "coop_role_assignment_view_search",
    "view_coop_role_form": "coop_role_view_form",
    "view_coop_role_hierarchy": "coop_role_view_hierarchy",
    "view_coop_role_kanban": "coop_role_view_kanban",
    "view_coop_role_list": "coop_role_view_list",
    "view_coop_role_search": "coop_role_view_search",
    "view_users_form_coop_circles": "res_users_view_form",
    "view_users_form_simple_modif_coop_circles": "res_users_view_form_simple_modif",
}


def migrate(cr, version):
    if version:
        rename_xmlids(cr, "coop_circles", RENAMES)
