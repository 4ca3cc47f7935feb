from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL


class CalendarRecurrence(models.Model):
    """A recurrence (its base event, its events' names) is visible to those who may read one
    of its events, and changed only by those who may change one of them."""

    _name = "calendar.recurrence"
    _inherit = ["calendar.recurrence", "coop.access.scope"]

    @api.model
    def _coop_allowed_rows(self, rows, operation="read"):
        """``rows``: (id,); the recurrences one of whose events allows ``operation``."""
        recurrence_ids = [row[0] for row in rows]
        if not recurrence_ids:
            return set()
        self.env["calendar.event"].flush_model(["recurrence_id"])
        self.flush_model(["base_event_id"])
        rows = self.env.execute_query(SQL(
            """ SELECT r.id, r.base_event_id FROM calendar_recurrence r WHERE r.id = ANY(%(ids)s)
                UNION ALL
                SELECT e.recurrence_id, e.id FROM calendar_event e WHERE e.recurrence_id = ANY(%(ids)s)
            """,
            ids=list(recurrence_ids),
        ))
        by_event = {}
        for recurrence_id, event_id in rows:
            if event_id:
                by_event.setdefault(event_id, set()).add(recurrence_id)
        events = self.env["calendar.event"].with_context(active_test=False).browse(list(by_event)).exists()
        allowed = set()
        for event in events._filtered_access("read" if operation == "read" else "write"):
            allowed |= by_event[event.id]
        return allowed

    def _coop_check_events(self, vals):
        """Events a user attaches to a recurrence are checked as that user."""
        if self.env.su:
            return
        event_ids = set()
        if vals.get("base_event_id"):
            event_ids.add(vals["base_event_id"])
        for command in vals.get("calendar_event_ids") or []:
            if command[0] == fields.Command.LINK:
                event_ids.add(command[1])
            elif command[0] == fields.Command.SET:
                event_ids.update(command[2])
        if event_ids:
            events = self.env["calendar.event"].browse(event_ids)
            if len(events.exists()) != len(events) or not events.has_access("write"):
                raise AccessError(self.env._("You cannot attach a recurrence to an event you are not allowed to change."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._coop_check_events(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._coop_check_events(vals)
        return super().write(vals)
