import { registry } from "@web/core/registry";
import { session } from "@web/session";

const inRussian = {
    content: "The tour's user works in Russian",
    trigger: ".o_action_manager",
    run() {
        if (session.bundle_params?.lang !== "ru_RU") {
            throw new Error(`The tour runs in ${session.bundle_params?.lang}, not in Russian`);
        }
    },
};

registry.category("web_tour.tours").add("coop_docflow_internal_tour", {
    steps: () => [
        inRussian,
        {
            // the secretary serves one office: the document is filed there by default
            trigger: 'div[name="office_id"] input:value("Тур-обком")',
        },
        {
            trigger: ".o_field_widget[name=title] input",
            run: "edit Приказ о дежурных днях",
        },
        {
            trigger: ".o_form_view button[name=action_register]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name]:contains('ТУР-Вн-')",
        },
        {
            trigger: ".o_form_view button[name=action_send_to_chairman]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=on_signature]",
        },
    ],
});

registry.category("web_tour.tours").add("coop_docflow_incoming_tour", {
    steps: () => [
        inRussian,
        {
            trigger: ".o_form_view button[name=action_add_resolution]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=text] textarea",
            run: "edit Подготовить ответ в течение недели",
        },
        {
            trigger: ".modal .o_field_widget[name=executor_ids] input",
            run: "edit Исполнитель Тура",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Исполнитель Тура')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=executor_ids] .o_tag:contains('Исполнитель Тура')",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=in_execution]",
        },
    ],
});

registry.category("web_tour.tours").add("coop_docflow_outgoing_tour", {
    steps: () => [
        inRussian,
        {
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=approved]",
        },
        {
            trigger: ".o_field_widget[name=dispatch_method] select",
            run: 'select "courier"',
        },
        {
            trigger: ".o_form_view button[name=action_dispatch]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=dispatched]",
        },
    ],
});
