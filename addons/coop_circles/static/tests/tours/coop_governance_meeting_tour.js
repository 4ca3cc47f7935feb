/** @odoo-module **/

import { registry } from "@web/core/registry";
import { session } from "@web/session";

const AGENDA = ".o_field_widget[name=item_ids]";

registry.category("web_tour.tours").add("coop_governance_meeting_tour", {
    steps: () => [
        {
            content: "The tour's user works in Russian",
            trigger: ".o_form_view",
            run() {
                if (session.bundle_params?.lang !== "ru_RU") {
                    throw new Error(`The tour runs in ${session.bundle_params?.lang}, not in Russian`);
                }
            },
        },
        {
            content: "Build the agenda from the circle's tensions, reviews and proposals",
            trigger: "button[name=action_build_agenda]",
            run: "click",
        },
        {
            content: "The tension raised in the circle is on the agenda",
            trigger: `${AGENDA} .o_data_row td[name=name]:contains('Заявки ждут выходных')`,
        },
        {
            trigger: `${AGENDA} .o_data_row td[name=name]:contains('График дежурств')`,
        },
        {
            content: "Start the meeting: the invited members are present",
            trigger: "button[name=action_start]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=in_progress]",
        },
        {
            content: "The consent round on the proposal",
            trigger: `${AGENDA} .o_data_row:has(td[name=name]:contains('График дежурств')) button[name=action_consent_round]`,
            run: "click",
        },
        {
            content: "Each present member's answer: all consent",
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row",
        },
        {
            trigger: ".modal button[name=action_record]",
            run: "click",
        },
        {
            content: "The proposal is consented",
            trigger: `${AGENDA} .o_data_row:has(td[name=name]:contains('График дежурств')) td[name=outcome]:contains('Консент')`,
        },
        {
            trigger: ".o_notebook_headers a[name=minutes]",
            run: "click",
        },
        {
            content: "The secretary writes the minutes",
            trigger: ".o_field_widget[name=minutes] .odoo-editor-editable",
            run: "editor Договорились о графике дежурств по выходным.",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            content: "Close the meeting",
            trigger: "button[name=action_close]",
            run: "click",
        },
        {
            content: "Publish the minutes to the circle",
            trigger: "button[name=action_publish_minutes]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=published]",
        },
        {
            content: "The minutes are in the chatter",
            trigger: ".o-mail-Message-body:contains('Договорились о графике')",
        },
    ],
});
