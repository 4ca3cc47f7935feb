from . import (
    access_scope,
    base,
    calendar_attendee,
    calendar_recurrence,
    iap_guard,
    mail_followers,
    mail_notification,
    rating_rating,
    snailmail_letter,
)
