/** @odoo-module **/

import { registry } from "@web/core/registry";

// Desktop shows the hierarchy of circles, a phone the kanban of circles: both lead to the circle's people.
registry.category("web_tour.tours").add("coop_org_chart_tour", {
    url: "/odoo/action-coop_circles.action_coop_circle_org_chart",
    steps: () => [
        {
            content: "Open the circle from the org chart",
            trigger:
                ".o_hierarchy_node:contains('Phone Circle') .o_hierarchy_node_header, .o_kanban_record:contains('Phone Circle')",
            run: "click",
        },
        {
            content: "The circle shows its coordinator",
            trigger: ".o_form_view .o_field_widget[name=coordinator_id]:contains('Vera Coordinator')",
        },
        {
            content: "The circle shows its people",
            trigger: ".o_form_view .o_field_widget[name=assignment_ids]:contains('Pavel Specialist'):contains('Analyst')",
        },
    ],
});
