from . import (
    access_scope,
    calendar_attendee,
    calendar_recurrence,
    iap_guard,
    mail_followers,
    mail_notification,
)
