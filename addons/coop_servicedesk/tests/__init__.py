from . import test_bridge_rpc, test_telegram_bridge, test_telegram_link, test_telegram_outbox
