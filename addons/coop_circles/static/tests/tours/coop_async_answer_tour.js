/** @odoo-module **/

import { registry } from "@web/core/registry";
import { session } from "@web/session";

registry.category("web_tour.tours").add("coop_async_answer_tour", {
    steps: () => [
        {
            content: "The tour's user works in Russian",
            trigger: ".o_kanban_view",
            run() {
                if (session.bundle_params?.lang !== "ru_RU") {
                    throw new Error(`The tour runs in ${session.bundle_params?.lang}, not in Russian`);
                }
            },
        },
        {
            content: "The proposal in its objection window shows its deadline and tally",
            trigger: ".o_kanban_record:contains('Заочный график отпусков') .o_coop_consent_tally",
        },
        {
            content: "Object from the card",
            trigger: ".o_kanban_record:contains('Заочный график отпусков') button[name=action_answer_object]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=reasoning] textarea",
            run: "edit Летом в круге останется один пентестер: сроки проектов сорвутся.",
        },
        {
            content: "The objection is the answer",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The card shows the answer and that the clock stopped",
            trigger: ".o_kanban_record:contains('Заочный график отпусков') .badge.text-bg-warning",
        },
    ],
});
