from . import (
    test_assignment,
    test_bridge_rpc,
    test_client_report,
    test_isolation,
    test_mail_attachments,
    test_mail_gateway,
    test_notifications,
    test_portal,
    test_telegram_bridge,
    test_telegram_link,
    test_telegram_outbox,
    test_template_sla,
)
