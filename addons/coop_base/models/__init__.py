from . import access_scope, calendar_attendee, calendar_recurrence, mail_followers, mail_notification
