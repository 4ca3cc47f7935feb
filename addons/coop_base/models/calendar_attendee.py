from odoo import api, models
from odoo.exceptions import AccessError


class CalendarAttendee(models.Model):
    """An attendee (a contact's name, email, phone and invitation token) is visible to the
    contact himself and to those who may read the event and see its participants (not
    someone else's private event); only they may change it if they may change the event.
    A user invites only contacts he may read, to events he may change."""

    _name = "calendar.attendee"
    _inherit = ["calendar.attendee", "coop.access.scope"]

    _coop_scope_fnames = ("event_id", "partner_id")

    @api.model
    def _coop_allowed_rows(self, rows, operation="read"):
        """``rows``: (id, event_id, partner_id); return the ids allowed for ``operation``."""
        pid = self.env.user.partner_id.id
        allowed = set()
        by_event = {}
        for attendee_id, event_id, partner_id in rows:
            if partner_id == pid:
                allowed.add(attendee_id)
            elif event_id:
                by_event.setdefault(event_id, []).append(attendee_id)
        if by_event:
            events = self.env["calendar.event"].with_context(active_test=False).browse(list(by_event)).exists()
            events = events._filtered_access("read" if operation == "read" else "write")
            for event in events:
                if not event._check_private_event_conditions():
                    allowed.update(by_event[event.id])
        return allowed

    def _coop_check_targets(self, vals):
        """The contact and the event an attendee is set to are checked as the user: the
        attendee's email and phone are read from the contact as superuser."""
        if self.env.su:
            return
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"]).exists()
            if not partner or not partner.has_access("read"):
                raise AccessError(self.env._("You cannot invite a contact you are not allowed to see."))
        if vals.get("event_id"):
            event = self.env["calendar.event"].browse(vals["event_id"]).exists()
            if not event or not event.has_access("write"):
                raise AccessError(self.env._("You cannot add attendees to an event you are not allowed to change."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._coop_check_targets(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._coop_check_targets(vals)
        return super().write(vals)
