"""Declared role time beside booked project capacity: the load of a week also counts the hours
the person declares for the roles he holds (coop.role.assignment), and flags over-commitment."""

from datetime import timedelta

from odoo import api, fields, models

# Weeks ahead kept for declared role time when no booking falls in them.
ROLE_HORIZON_WEEKS = 12


class CoopCapacityLoad(models.Model):
    _inherit = "coop.capacity.load"

    role_hours = fields.Float(string="Declared Role Hours", readonly=True)
    committed_hours = fields.Float(
        string="Committed Hours", readonly=True, help="Booked hours and declared role hours."
    )
    overcommitted = fields.Boolean(
        string="Over-committed",
        readonly=True,
        index=True,
        help="Booked project hours and declared role hours exceed the working hours of the week.",
    )

    @api.model
    def _coop_role_assignments(self, user_id, monday):
        sunday = monday + timedelta(days=6)
        return (
            self.env["coop.role.assignment"]
            .sudo()
            .search(
                [
                    ("user_id", "=", user_id),
                    ("date_start", "<=", sunday),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", monday),
                    ("approval_state", "!=", "to_approve"),
                    "|",
                    ("time_percent", ">", 0),
                    ("time_hours", ">", 0),
                ]
            )
        )

    @api.model
    def _coop_refresh(self, keys):
        res = super()._coop_refresh(keys)
        Self = self.sudo()
        Booking = self.env["coop.capacity.booking"].sudo()
        for user_id, monday in keys or ():
            assignments = self._coop_role_assignments(user_id, monday)
            line = Self.search([("user_id", "=", user_id), ("week_start", "=", monday)], limit=1)
            if not assignments and not line:
                continue
            if line:
                capacity, booked = line.capacity_hours, line.booked_hours
            else:
                user = self.env["res.users"].browse(user_id)
                capacity = sum(
                    Booking._coop_work_hours_by_day(user, monday, monday + timedelta(days=6)).values()
                )
                booked = 0.0
            role = sum(assignment._declared_hours(capacity) for assignment in assignments)
            committed = booked + role
            vals = {
                "role_hours": role,
                "committed_hours": committed,
                "overcommitted": committed > capacity + 0.01,
            }
            if line:
                line.write(vals)
            else:
                Self.create(
                    dict(
                        vals,
                        user_id=user_id,
                        week_start=monday,
                        capacity_hours=capacity,
                        free_hours=capacity,
                    )
                )
        return res

    @api.model
    def _coop_role_keys(self, assignments):
        """(user, monday) of the weeks where ``assignments`` declare time, up to the horizon."""
        today = fields.Date.context_today(self)
        this_monday = today - timedelta(days=today.weekday())
        last_monday = this_monday + timedelta(weeks=ROLE_HORIZON_WEEKS)
        keys = set()
        for assignment in assignments:
            start = max(assignment.date_start or this_monday, this_monday)
            monday = start - timedelta(days=start.weekday())
            end = min(assignment.date_end or last_monday, last_monday)
            while monday <= end:
                keys.add((assignment.user_id.id, monday))
                monday += timedelta(days=7)
        return keys

    @api.model
    def _coop_recompute_all(self):
        assignments = (
            self.env["coop.role.assignment"]
            .sudo()
            .search(["|", ("time_percent", ">", 0), ("time_hours", ">", 0)])
        )
        res = super()._coop_recompute_all()
        self._coop_refresh(self._coop_role_keys(assignments))
        return res
