/** @odoo-module **/

import { registry } from "@web/core/registry";
import { session } from "@web/session";

const OBJECTIONS = ".o_field_widget[name=objection_ids]";

registry.category("web_tour.tours").add("coop_agreement_consent_tour", {
    url: "/odoo/action-coop_circles.action_coop_agreement",
    steps: () => [
        {
            content: "The tour's user works in Russian",
            trigger: ".o_list_view",
            run() {
                if (session.bundle_params?.lang !== "ru_RU") {
                    throw new Error(`The tour runs in ${session.bundle_params?.lang}, not in Russian`);
                }
            },
        },
        {
            content: "Create a proposal",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit Общий график дежурств",
        },
        {
            trigger: ".o_field_widget[name=circle_id] input",
            run: "edit Круг дежурств",
        },
        {
            trigger: ".o-autocomplete--dropdown-item > a:contains('Круг дежурств')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=text] textarea",
            run: "edit Каждую неделю один участник дежурит по срочным заявкам.",
        },
        {
            content: "Propose it to the circle",
            trigger: "button[name=action_propose]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=proposed]",
        },
        {
            trigger: ".o_notebook_headers a[name=objections]",
            run: "click",
        },
        {
            content: "Raise an objection",
            trigger: `${OBJECTIONS} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            trigger: `${OBJECTIONS} .o_data_row [name=reasoning] textarea`,
            run: "edit Собственный проект дежурного на этой неделе остаётся без внимания.",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The objection is saved and open",
            trigger: `${OBJECTIONS} .o_data_row:not(.o_selected_row):has(button[name=action_integrate]) td[name=state] .badge.text-bg-danger`,
        },
        {
            content: "Integrate the objection",
            trigger: `${OBJECTIONS} .o_data_row td[name=integration]`,
            run: "click",
        },
        {
            trigger: `${OBJECTIONS} .o_data_row [name=integration] textarea`,
            run: "edit Координатор переносит сроки проекта дежурного.",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: `${OBJECTIONS} .o_data_row:not(.o_selected_row) td[name=integration]:contains('сроки')`,
        },
        {
            trigger: `${OBJECTIONS} .o_data_row button[name=action_integrate]`,
            run: "click",
        },
        {
            content: "The objection is integrated",
            trigger: `${OBJECTIONS} .o_data_row td[name=state] .badge.text-bg-success`,
        },
        {
            content: "Consent",
            trigger: "button[name=action_consent]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current[data-value=consented]",
        },
    ],
});
