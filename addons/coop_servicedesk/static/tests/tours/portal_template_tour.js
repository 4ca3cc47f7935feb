/** @odoo-module */

import {registry} from "@web/core/registry";
import {session} from "@web/session";

registry.category("web_tour.tours").add("coop_servicedesk_portal_template", {
    url: "/my/servicedesk",
    steps: () => [
        {
            content: "The client works in Russian",
            trigger: ".o_coop_sd_template",
            run() {
                if (session.bundle_params?.lang !== "ru_RU") {
                    throw new Error(`The tour runs in ${session.bundle_params?.lang}, not in Russian`);
                }
            },
        },
        {
            content: "Pick the typical request",
            trigger:
                '.o_coop_sd_template:contains("Заблокировать учётную запись") a.o_coop_sd_use_template',
            run: "click",
        },
        {
            content: "The form knows the template",
            trigger: '.o_coop_sd_template_info:contains("Заблокировать учётную запись")',
        },
        {
            content: "Complete the prefilled description",
            trigger: 'textarea[name="description"]',
            run: "edit Логин сотрудника: petrov",
        },
        {
            content: "Submit",
            trigger: 'form[action="/submitted/ticket"] button[type="submit"]',
            run: "click",
        },
        {
            content: "The ticket page shows the new ticket",
            trigger: '.o_portal_helpdesk_sidebar [data-id="number"]',
        },
        {
            content: "Wait for the ticket's chatter to load",
            trigger: "#chatterRoot:shadow .o-mail-Chatter",
        },
    ],
});
