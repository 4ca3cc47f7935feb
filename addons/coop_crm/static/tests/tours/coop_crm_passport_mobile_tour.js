/** @odoo-module **/

import { registry } from "@web/core/registry";
import { session } from "@web/session";

registry.category("web_tour.tours").add("coop_crm_passport_mobile", {
    steps: () => [
        {
            content: "The tour's user works in Russian",
            trigger: ".o_action_manager",
            run() {
                if (session.bundle_params?.lang !== "ru_RU") {
                    throw new Error(`The tour runs in ${session.bundle_params?.lang}, not in Russian`);
                }
            },
        },
        {
            content: "On a phone the passport is the first tab of the lead",
            trigger: ".o_form_view .o_notebook_headers a[name=coop_passport]",
            run: "click",
        },
        {
            content: "The sections of the direction's template are there",
            trigger: ".o_field_widget[name=coop_passport] .odoo-editor-editable h3:contains('Паспорт лида')",
        },
        {
            content: "Fill a section of the passport",
            trigger: ".o_field_widget[name=coop_passport] .odoo-editor-editable p:contains('Объём работ')",
            run: "editor Объём работ: внешний периметр, 20 IP-адресов",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view:not(:has(.o_form_status_indicator_buttons:not(.invisible)))",
        },
    ],
});
