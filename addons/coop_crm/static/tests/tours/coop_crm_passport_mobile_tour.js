/** @odoo-module **/

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("coop_crm_passport_mobile", {
    steps: () => [
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
