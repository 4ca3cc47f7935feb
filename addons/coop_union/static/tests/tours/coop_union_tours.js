import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("coop_union_appeal_tour", {
    steps: () => [
        {
            trigger: ".o_breadcrumb:contains('ОБР-')",
        },
        {
            trigger: ".o_form_view button[name=action_register_document]",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name=action_open_document]:visible",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('In Progress')",
        },
    ],
});

registry.category("web_tour.tours").add("coop_union_member_list_tour", {
    steps: () => [
        {
            trigger: ".o_list_view .o_data_row:contains('Tour Member Own')",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Tour Member Other')))",
        },
    ],
});
