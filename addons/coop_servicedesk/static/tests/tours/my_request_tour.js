/** @odoo-module */

import {registry} from "@web/core/registry";
import {session} from "@web/session";

registry.category("web_tour.tours").add("coop_servicedesk_my_request", {
    url: "/odoo/action-coop_servicedesk.helpdesk_ticket_action_my_requests",
    steps: () => [
        {
            content: "The member works in Russian",
            trigger: ".o_main_navbar",
            run() {
                if (session.bundle_params?.lang !== "ru_RU") {
                    throw new Error(`The tour runs in ${session.bundle_params?.lang}, not in Russian`);
                }
            },
        },
        {
            content: "My requests is a menu of the service desk",
            trigger: ".o_menu_sections",
            run() {
                const menu = document.querySelector(
                    '[data-menu-xmlid="coop_servicedesk.menu_coop_servicedesk_root"]'
                );
                if (!menu) {
                    throw new Error("The service desk menu is missing for the member");
                }
            },
        },
        {
            content: "File a new request",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Look for the typical request of the lawyers",
            trigger: 'div[name="coop_template_id"] input',
            run: "edit Проверка договора",
        },
        {
            content: "Pick it",
            trigger: '.o-autocomplete--dropdown-item a:contains("Проверка договора")',
            run: "click",
        },
        {
            content: "The template fills the team",
            trigger: 'div[name="team_id"] input:value("Юристы-тур")',
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The request has its number",
            trigger: '.o_field_widget[name="number"] span:contains("HT")',
        },
        {
            content: "Its chatter is there",
            trigger: ".o-mail-Chatter",
        },
    ],
});
