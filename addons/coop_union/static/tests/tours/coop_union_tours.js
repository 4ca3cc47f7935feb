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

registry.category("web_tour.tours").add("coop_union_appeal_tour", {
    steps: () => [
        inRussian,
        {
            content: "The appeal is numbered",
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
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=in_progress]",
        },
    ],
});

registry.category("web_tour.tours").add("coop_union_member_list_tour", {
    steps: () => [
        inRussian,
        {
            trigger: ".o_list_view .o_data_row:contains('Членова Своя')",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Членова Чужая')))",
        },
    ],
});

// a list of the user's organisation: its own records shown, another organisation's not
registry.category("web_tour.tours").add("coop_union_own_rows_tour", {
    steps: () => [
        inRussian,
        {
            trigger: ".o_content .o_data_row:contains('своя'), .o_content .o_kanban_record:contains('своя')",
        },
        {
            trigger:
                ".o_content:not(:has(.o_data_row:contains('чужая'))):not(:has(.o_kanban_record:contains('чужая')))",
        },
    ],
});

registry.category("web_tour.tours").add("coop_union_dashboard_tour", {
    steps: () => [
        inRussian,
        {
            content: "The union's dashboard is the one open",
            trigger: ".o_spreadsheet_dashboard_action .o_search_panel_category_value.active",
        },
        {
            content: "Its figures loaded (no loading error)",
            trigger:
                ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status)) .o_renderer .o-spreadsheet",
        },
        {
            content: "The chart of the membership dynamics is drawn",
            trigger: ".o_spreadsheet_dashboard_action .o-figure canvas",
        },
        {
            content: "The dashboard's period filter is there",
            trigger: ".o_spreadsheet_dashboard_action .o-filter-value .date_filter_values",
        },
    ],
});
