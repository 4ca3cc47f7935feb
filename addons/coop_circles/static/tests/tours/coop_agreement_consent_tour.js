/** @odoo-module **/

import { registry } from "@web/core/registry";

const OBJECTIONS = ".o_field_widget[name=objection_ids]";

registry.category("web_tour.tours").add("coop_agreement_consent_tour", {
    url: "/odoo/action-coop_circles.action_coop_agreement",
    steps: () => [
        {
            content: "Create a proposal",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit Shared on-call rota",
        },
        {
            trigger: ".o_field_widget[name=circle_id] input",
            run: "edit Tour Circle",
        },
        {
            trigger: ".o-autocomplete--dropdown-item > a:contains('Tour Circle')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=text] textarea",
            run: "edit Each week one member is on call for urgent requests.",
        },
        {
            content: "Propose it to the circle",
            trigger: "button[name=action_propose]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Proposed')",
        },
        {
            trigger: "a.nav-link:contains('Objections')",
            run: "click",
        },
        {
            content: "Raise an objection",
            trigger: `${OBJECTIONS} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            trigger: `${OBJECTIONS} .o_data_row [name=reasoning] textarea`,
            run: "edit Nobody covers the on-call member's own project that week.",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The objection is saved and open",
            trigger: `${OBJECTIONS} .o_data_row:not(.o_selected_row):has(button[name=action_integrate]) td[name=state]:contains('Open')`,
        },
        {
            content: "Integrate the objection",
            trigger: `${OBJECTIONS} .o_data_row td[name=integration]`,
            run: "click",
        },
        {
            trigger: `${OBJECTIONS} .o_data_row [name=integration] textarea`,
            run: "edit The coordinator moves the on-call member's project deadlines.",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: `${OBJECTIONS} .o_data_row:not(.o_selected_row) td[name=integration]:contains('deadlines')`,
        },
        {
            trigger: `${OBJECTIONS} .o_data_row button[name=action_integrate]`,
            run: "click",
        },
        {
            trigger: `${OBJECTIONS} .o_data_row td[name=state]:contains('Integrated')`,
        },
        {
            content: "Consent",
            trigger: "button[name=action_consent]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Consented')",
        },
    ],
});
