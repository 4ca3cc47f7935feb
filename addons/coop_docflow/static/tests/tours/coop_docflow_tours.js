import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("coop_docflow_internal_tour", {
    steps: () => [
        {
            trigger: ".o_field_widget[name=title] input",
            run: "edit Order on duty days",
        },
        {
            trigger: ".o_form_view button[name=action_register]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name]:contains('Вн-')",
        },
        {
            trigger: ".o_form_view button[name=action_send_to_chairman]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('On Signature')",
        },
    ],
});

registry.category("web_tour.tours").add("coop_docflow_incoming_tour", {
    steps: () => [
        {
            trigger: ".o_form_view button[name=action_add_resolution]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=text] textarea",
            run: "edit Prepare an answer within a week",
        },
        {
            trigger: ".modal .o_field_widget[name=executor_ids] input",
            run: "edit Tour Executor",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Tour Executor')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=executor_ids] .o_tag:contains('Tour Executor')",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('In Execution')",
        },
    ],
});

registry.category("web_tour.tours").add("coop_docflow_outgoing_tour", {
    steps: () => [
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Approved')",
        },
        {
            trigger: ".o_field_widget[name=dispatch_method] select",
            run: "selectByLabel Courier",
        },
        {
            trigger: ".o_form_view button[name=action_dispatch]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Dispatched')",
        },
    ],
});
