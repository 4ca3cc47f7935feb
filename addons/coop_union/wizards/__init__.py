from . import coop_union_member_import, sms_composer
