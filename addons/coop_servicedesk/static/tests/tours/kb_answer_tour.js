/** @odoo-module */

import {registry} from "@web/core/registry";
import {session} from "@web/session";

registry.category("web_tour.tours").add("coop_servicedesk_kb_answer", {
    steps: () => [
        {
            content: "The agent works in Russian",
            trigger: ".o_form_view",
            run() {
                if (session.bundle_params?.lang !== "ru_RU") {
                    throw new Error(`The tour runs in ${session.bundle_params?.lang}, not in Russian`);
                }
            },
        },
        {
            content: "Answer from the knowledge base",
            trigger: "button.o_coop_kb_answer",
            run: "click",
        },
        {
            content: "Search the articles",
            trigger: '.modal div[name="query"] input',
            run: "edit VPN",
        },
        {
            content: "Look for the article",
            trigger: '.modal div[name="article_id"] input',
            run: "edit пароль VPN",
        },
        {
            content: "Pick it",
            trigger: '.o-autocomplete--dropdown-item a:contains("Как сбросить пароль VPN")',
            run: "click",
        },
        {
            content: "Its summary is in the reply",
            trigger: '.modal div[name="body"] .note-editable:contains("портал самообслуживания"), .modal div[name="body"] .odoo-editor-editable:contains("портал самообслуживания")',
        },
        {
            content: "Send it",
            trigger: '.modal button[name="action_send"]',
            run: "click",
        },
        {
            content: "The reply is in the chatter",
            trigger: '.o-mail-Message-body:contains("портал самообслуживания")',
        },
    ],
});
