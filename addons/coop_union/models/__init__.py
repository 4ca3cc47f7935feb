# the scope mixin first: the models below inherit it
from . import coop_union_scoped

# isort: split
from . import (
    calendar_event,
    coop_sms_gateway,
    coop_union_appeal,
    coop_union_award,
    coop_union_award_type,
    coop_union_category,
    coop_union_industry,
    coop_union_member,
    coop_union_member_import,
    coop_union_membership_dynamics,
    coop_union_organization,
    ir_ui_menu,
    mailing_mailing,
    res_config_settings,
    res_partner,
    res_users,
    sms_sms,
)
