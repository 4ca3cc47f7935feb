from . import (
    access_scope,
    base,
    calendar_attendee,
    calendar_recurrence,
    iap_guard,
    ir_model_data,
    mail_followers,
    mail_notification,
    rating_rating,
    snailmail_letter,
)
