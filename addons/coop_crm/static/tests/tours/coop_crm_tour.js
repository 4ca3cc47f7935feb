/** @odoo-module **/

import { registry } from "@web/core/registry";
import { session } from "@web/session";

const CLIENTS_MENU = ".o_menu_sections button[data-menu-xmlid='coop_crm.menu_coop_crm_root']";
const menuItem = (xmlid) => `.dropdown-item[data-menu-xmlid='coop_crm.${xmlid}']`;

registry.category("web_tour.tours").add("coop_crm_client_lead_refusal", {
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
            content: "Create a head card in the client base",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit АО «Альфа-Банк», филиал",
        },
        {
            trigger: ".o_field_widget[name=vat] input",
            run: "edit 7728168971",
        },
        {
            trigger: ".o_field_widget[name=coop_kpp] input",
            run: "edit 770801002",
        },
        {
            trigger: ".o_field_widget[name=coop_ogrn] input",
            run: "edit 1027700067328",
        },
        {
            content: "Open the client's leads (saves the head card)",
            trigger: "button[name=action_coop_open_leads]",
            run: "click",
        },
        {
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Create a lead as a child card of the client",
            trigger: ".o_list_renderer",
        },
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] textarea",
            run: "edit Аудит безопасности мобильного приложения",
        },
        {
            trigger: ".o_field_widget[name=coop_client_partner_ids] .o_tag:contains('Альфа-Банк»,')",
        },
        {
            trigger: ".o_field_widget[name=team_id] input",
            run: "edit Направление: хакеры",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Направление: хакеры и пентесты')",
            run: "click",
        },
        {
            content: "Lose the lead",
            trigger: ".o_form_statusbar button[data-hotkey=l]:visible",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=lost_reason_id] input",
            run: "edit Заказчик выбрал",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Заказчик выбрал другого подрядчика')",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=lost_feedback] .odoo-editor-editable",
            run: "editor Клиент выбрал другого подрядчика по цене",
        },
        {
            trigger: ".modal button[name=action_lost_reason_apply]",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name=toggle_active]",
        },
        {
            content: "Open the refusals board",
            trigger: CLIENTS_MENU,
            run: "click",
        },
        {
            trigger: menuItem("menu_coop_crm_refusals"),
            run: "click",
        },
        {
            content: "The refused lead is on the board",
            trigger: ".o_kanban_record:contains('Аудит безопасности мобильного приложения')",
        },
        {
            content: "Refusals by reason and direction",
            trigger: CLIENTS_MENU,
            run: "click",
        },
        {
            trigger: menuItem("menu_coop_crm_refusal_analysis"),
            run: "click",
        },
        {
            trigger: ".o_pivot_view .o_pivot",
        },
        {
            content: "Bookings on the timeline",
            trigger: CLIENTS_MENU,
            run: "click",
        },
        {
            trigger: menuItem("menu_coop_capacity_booking"),
            run: "click",
        },
        {
            trigger: ".oe_timeline_view",
        },
        {
            content: "Load of the specialists",
            trigger: CLIENTS_MENU,
            run: "click",
        },
        {
            trigger: menuItem("menu_coop_capacity_load"),
            run: "click",
        },
        {
            trigger: ".o_list_view",
        },
        {
            content: "Tasks of client projects on the timeline",
            trigger: CLIENTS_MENU,
            run: "click",
        },
        {
            trigger: menuItem("menu_coop_crm_tasks_timeline"),
            run: "click",
        },
        {
            trigger: ".oe_timeline_view",
        },
    ],
});
