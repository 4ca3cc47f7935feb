# the scope mixin first: the models below inherit it
from . import coop_union_scoped

# isort: split
from . import coop_union_mailing_owned

# isort: split
from . import (
    calendar_event,
    coop_document,
    coop_sms_gateway,
    coop_union_appeal,
    coop_union_appeal_control,
    coop_union_appeal_intake,
    coop_union_appeal_type,
    coop_union_award,
    coop_union_award_type,
    coop_union_category,
    coop_union_greeting,
    coop_union_industry,
    coop_union_member,
    coop_union_member_import,
    coop_union_membership_dynamics,
    coop_union_organization,
    ir_ui_menu,
    mailing_contact,
    mailing_list,
    mailing_mailing,
    mailing_subscription,
    res_config_settings,
    res_config_settings_appeal,
    res_partner,
    res_users,
    sms_sms,
    spreadsheet_dashboard_share,
)
