import { registry } from "@web/core/registry";
import { session } from "@web/session";

registry.category("web_tour.tours").add("coop_union_hr_absence_schedule", {
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
            content: "The absence schedule opens on its calendar",
            trigger: ".o_calendar_view",
        },
        {
            content: "The same absences as a list by employee",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "An employee of the chairman's own office",
            trigger: ".o_list_view .o_group_header:contains('Марина Лебедева')",
        },
        {
            content: "An employee of the office below",
            trigger: ".o_list_view .o_group_header:contains('Дмитрий Фёдоров')",
        },
        {
            content: "Not the office beside",
            trigger: ".o_list_view:not(:has(.o_group_header:contains('Игорь Чужой')))",
        },
    ],
});
