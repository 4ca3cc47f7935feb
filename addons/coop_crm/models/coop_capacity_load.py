from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError


class CoopCapacityLoad(models.Model):
    _name = "coop.capacity.load"
    _description = "Load of a specialist in a week against their working calendar"
    _order = "week_start desc, user_id"
    _rec_name = "user_id"

    user_id = fields.Many2one("res.users", string="Specialist", required=True, index=True, readonly=True)
    week_start = fields.Date(string="Week", required=True, index=True, readonly=True)
    capacity_hours = fields.Float(string="Working Hours", readonly=True)
    tentative_hours = fields.Float(string="Tentative Hours", readonly=True)
    confirmed_hours = fields.Float(string="Confirmed Hours", readonly=True)
    booked_hours = fields.Float(string="Booked Hours", readonly=True)
    free_hours = fields.Float(string="Free Hours", readonly=True)
    load_percent = fields.Float(string="Load (%)", readonly=True, aggregator="avg")
    overallocated = fields.Boolean(string="Over-allocated", readonly=True, index=True)

    _sql_constraints = [
        ("user_week_uniq", "unique(user_id, week_start)", "One load line per specialist and week."),
    ]

    @api.model
    def _coop_refresh(self, keys):
        """Recompute the load lines of the given (user_id, monday) pairs from the bookings."""
        if not keys:
            return
        Booking = self.env["coop.capacity.booking"].sudo()
        Self = self.sudo()
        for user_id, monday in keys:
            sunday = monday + timedelta(days=6)
            user = self.env["res.users"].browse(user_id)
            capacity = sum(Booking._coop_work_hours_by_day(user, monday, sunday).values())
            bookings = Booking.search(
                [
                    ("user_id", "=", user_id),
                    ("state", "!=", "cancelled"),
                    ("date_start", "<=", sunday),
                    ("date_end", ">=", monday),
                ]
            )
            hours = {"tentative": 0.0, "confirmed": 0.0}
            for booking in bookings:
                hours[booking.state] += booking._coop_hours_by_week().get((user_id, monday), 0.0)
            booked = hours["tentative"] + hours["confirmed"]
            vals = {
                "capacity_hours": capacity,
                "tentative_hours": hours["tentative"],
                "confirmed_hours": hours["confirmed"],
                "booked_hours": booked,
                "free_hours": capacity - booked,
                "load_percent": (100.0 * booked / capacity) if capacity else (100.0 if booked else 0.0),
                "overallocated": booked > capacity + 0.01,
            }
            line = Self.search([("user_id", "=", user_id), ("week_start", "=", monday)], limit=1)
            if not bookings:
                line.unlink()
            elif line:
                line.write(vals)
            else:
                Self.create(dict(vals, user_id=user_id, week_start=monday))

    @api.model
    def _coop_refresh_period(self, date_from, date_to, users=None, calendars=None, all_users=False):
        """Recompute the load of the weeks from ``date_from`` to ``date_to`` (open end if None).

        Only specialists in ``users`` or working on one of ``calendars`` (their own or their
        company's) are touched, or everyone with ``all_users``. The planned hours of their bookings
        follow the new working time too.
        """
        Booking = self.env["coop.capacity.booking"].sudo()
        domain = [("state", "!=", "cancelled"), ("date_end", ">=", date_from)]
        if date_to:
            domain.append(("date_start", "<=", date_to))
        if not all_users:
            domain.append(("user_id", "!=", False))
        bookings = Booking.search(domain)
        if not all_users:
            users = users or self.env["res.users"]
            calendars = calendars or self.env["resource.calendar"]

            def concerned(booking):
                user = booking.user_id
                if user in users:
                    return True
                calendar = user.resource_calendar_id or user.company_id.resource_calendar_id
                return calendar in calendars

            bookings = bookings.filtered(concerned)
        if not bookings:
            return
        self.env.add_to_compute(Booking._fields["hours_planned"], bookings)
        first_monday = date_from - timedelta(days=date_from.weekday())
        keys = {
            (user_id, monday)
            for user_id, monday in bookings._coop_load_keys()
            if monday >= first_monday and (not date_to or monday <= date_to)
        }
        self._coop_refresh(keys)

    @api.model
    def action_coop_recompute_all(self):
        """Button of the coordinators: recompute every load line from the bookings."""
        if not (self.env.su or self.env.user.has_group("coop_circles.group_coop_coordinator")):
            raise AccessError(self.env._("Only coordinators recompute the specialists' load."))
        return self._coop_recompute_all()

    @api.model
    def _coop_recompute_all(self):
        """Recompute every load line from the bookings (after changes of calendars or leaves)."""
        bookings = self.env["coop.capacity.booking"].sudo().search([("state", "!=", "cancelled")])
        keys = bookings._coop_load_keys() | {
            (line.user_id.id, line.week_start) for line in self.sudo().search([])
        }
        self._coop_refresh(keys)
        return True
