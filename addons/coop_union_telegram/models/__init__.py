from . import coop_telegram_bridge, coop_telegram_outbox, coop_union_appeal, coop_union_member
