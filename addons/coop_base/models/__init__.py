from . import (
    access_scope,
    base,
    calendar_attendee,
    calendar_recurrence,
    iap_guard,
    ir_model_data,
    ir_module,
    mail_followers,
    mail_notification,
    mail_thread,
    rating_rating,
    snailmail_letter,
)
