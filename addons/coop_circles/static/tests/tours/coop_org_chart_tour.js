/** @odoo-module **/

import { registry } from "@web/core/registry";
import { session } from "@web/session";

// Desktop shows the hierarchy of circles, a phone the kanban of circles: both lead to the circle's people.
registry.category("web_tour.tours").add("coop_org_chart_tour", {
    url: "/odoo/action-coop_circles.action_coop_circle_org_chart",
    steps: () => [
        {
            content: "The tour's user works in Russian",
            trigger: ".o_action_manager",
            run() {
                if (session.bundle_params?.lang !== "ru_RU") {
                    throw new Error(`The tour runs in ${session.bundle_params?.lang}, not in Russian`);
                }
            },
        },
        {
            content: "Open the circle from the org chart",
            trigger:
                ".o_hierarchy_node:contains('Круг мобильной защиты') .o_hierarchy_node_header, .o_kanban_record:contains('Круг мобильной защиты')",
            run: "click",
        },
        {
            content: "The circle shows its coordinator",
            trigger: ".o_form_view .o_field_widget[name=coordinator_id]:contains('Вера Координатор')",
        },
        {
            content: "The circle shows its people",
            trigger: ".o_form_view .o_field_widget[name=assignment_ids]:contains('Павел Специалист'):contains('Аналитик')",
        },
    ],
});
