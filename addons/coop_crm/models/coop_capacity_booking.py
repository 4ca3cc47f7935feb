from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz
from odoo import api, fields, models
from odoo.addons.coop_circles.tools.access import check_no_server_fields, check_readable
from odoo.exceptions import ValidationError

SERVER_FIELDS = ("name", "circle_id", "partner_id", "hours_planned")


class CoopCapacityBooking(models.Model):
    _name = "coop.capacity.booking"
    _description = "Booking of a specialist's time for a lead or a project"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    user_id = fields.Many2one(
        "res.users",
        string="Specialist",
        required=True,
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
    )
    lead_id = fields.Many2one("crm.lead", string="Lead", index=True, tracking=True, ondelete="cascade")
    project_id = fields.Many2one(
        "project.project", string="Project", index=True, tracking=True, ondelete="cascade"
    )
    circle_id = fields.Many2one(
        "coop.circle", string="Producing Circle", compute="_compute_circle_id", store=True, index=True
    )
    partner_id = fields.Many2one("res.partner", string="Client", compute="_compute_circle_id", store=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, required=True)
    date_start = fields.Date(string="From", required=True, tracking=True, default=fields.Date.context_today)
    date_end = fields.Date(string="To", required=True, tracking=True, default=fields.Date.context_today)
    allocation_mode = fields.Selection(
        [("per_day", "Hours per Day"), ("total", "Total Hours")],
        string="Allocation",
        required=True,
        default="per_day",
    )
    hours_per_day = fields.Float(default=8.0, tracking=True)
    hours_total = fields.Float(string="Total Hours", tracking=True)
    hours_planned = fields.Float(
        string="Planned Hours",
        compute="_compute_hours_planned",
        store=True,
        help="Hours booked on the specialist's working days between the two dates.",
    )
    state = fields.Selection(
        [("tentative", "Tentative"), ("confirmed", "Confirmed"), ("cancelled", "Cancelled")],
        default="tentative",
        required=True,
        tracking=True,
        index=True,
    )
    overallocated = fields.Boolean(
        string="Over-allocated",
        compute="_compute_overallocated",
        help="The specialist is booked beyond their working time in a week of this booking.",
    )
    note = fields.Text()
    color = fields.Integer(compute="_compute_color")

    @api.depends("user_id", "lead_id", "project_id")
    def _compute_name(self):
        for booking in self:
            target = booking.project_id.name or booking.lead_id.name or ""
            booking.name = "%s: %s" % (booking.user_id.name or "", target)

    @api.depends(
        "lead_id.coop_circle_id",
        "project_id.coop_circle_id",
        "lead_id.coop_client_id",
        "project_id.partner_id",
    )
    def _compute_circle_id(self):
        for booking in self:
            booking.circle_id = booking.project_id.coop_circle_id or booking.lead_id.coop_circle_id
            booking.partner_id = booking.project_id.partner_id or booking.lead_id.coop_client_id

    @api.depends("state")
    def _compute_color(self):
        colors = {"tentative": 3, "confirmed": 10, "cancelled": 1}
        for booking in self:
            booking.color = colors.get(booking.state, 0)

    @api.depends("user_id", "date_start", "date_end", "allocation_mode", "hours_per_day", "hours_total")
    def _compute_hours_planned(self):
        for booking in self:
            booking.hours_planned = sum(booking._coop_hours_by_day().values())

    def _compute_overallocated(self):
        """A booking is over-allocated when one of its weeks is: one query for all bookings."""
        active = self.filtered(
            lambda b: b.user_id and b.date_start and b.date_end and b.state != "cancelled"
        )
        (self - active).overallocated = False
        if not active:
            return
        weeks = {booking: booking._coop_weeks() for booking in active}
        overloaded = {
            (load.user_id.id, load.week_start)
            for load in self.env["coop.capacity.load"].sudo().search(
                [
                    ("user_id", "in", active.user_id.ids),
                    ("week_start", "in", sorted({w for ws in weeks.values() for w in ws})),
                    ("overallocated", "=", True),
                ]
            )
        }
        for booking in active:
            booking.overallocated = any((booking.user_id.id, week) in overloaded for week in weeks[booking])

    # ------------------------------------------------------------------ working calendar
    @api.model
    def _coop_work_hours_by_day(self, user, date_from, date_to):
        """Working hours of ``user`` on each day from ``date_from`` to ``date_to`` (leaves excluded)."""
        user = user.sudo()
        calendar = user.resource_calendar_id or user.company_id.resource_calendar_id
        result = {}
        day = date_from
        while day <= date_to:
            result[day] = 0.0
            day += timedelta(days=1)
        if not calendar:
            for day in result:
                result[day] = 8.0 if day.weekday() < 5 else 0.0
            return result
        tz = pytz.timezone(calendar.tz or user.tz or "UTC")
        start = tz.localize(datetime.combine(date_from, time.min))
        end = tz.localize(datetime.combine(date_to + timedelta(days=1), time.min))
        resource = user.resource_ids[:1]
        intervals = calendar._work_intervals_batch(start, end, resources=resource or None, tz=tz)
        for begin, stop, _meta in intervals[resource.id]:
            day = begin.astimezone(tz).date()
            if day in result:
                result[day] += (stop - begin).total_seconds() / 3600.0
        return result

    def _coop_hours_by_day(self):
        self.ensure_one()
        if not (self.user_id and self.date_start and self.date_end) or self.date_end < self.date_start:
            return {}
        work = self._coop_work_hours_by_day(self.user_id, self.date_start, self.date_end)
        days = [day for day, hours in work.items() if hours > 0]
        if self.allocation_mode == "per_day":
            return {day: self.hours_per_day for day in days}
        if not days:
            return {self.date_start: self.hours_total}
        return {day: self.hours_total / len(days) for day in days}

    def _coop_weeks(self):
        self.ensure_one()
        monday = self.date_start - timedelta(days=self.date_start.weekday())
        weeks = []
        while monday <= self.date_end:
            weeks.append(monday)
            monday += timedelta(days=7)
        return weeks

    def _coop_load_keys(self):
        keys = set()
        for booking in self:
            if (
                booking.user_id
                and booking.date_start
                and booking.date_end
                and booking.date_end >= booking.date_start
            ):
                keys.update((booking.user_id.id, week) for week in booking._coop_weeks())
        return keys

    # ------------------------------------------------------------------ constraints
    @api.constrains(
        "date_start", "date_end", "lead_id", "project_id", "hours_per_day", "hours_total", "allocation_mode"
    )
    def _check_booking(self):
        for booking in self:
            if booking.date_end < booking.date_start:
                raise ValidationError(
                    self.env._(
                        "A booking cannot end (%(end)s) before it starts (%(start)s).",
                        end=booking.date_end,
                        start=booking.date_start,
                    )
                )
            if not booking.lead_id and not booking.project_id:
                raise ValidationError(self.env._("A booking is made for a lead or for a project."))
            if booking.allocation_mode == "per_day" and not 0 < booking.hours_per_day <= 24:
                raise ValidationError(self.env._("Hours per day must be between 0 and 24."))
            if booking.allocation_mode == "total" and booking.hours_total <= 0:
                raise ValidationError(self.env._("The total hours of a booking must be positive."))

    @api.constrains("user_id", "date_start", "date_end", "state")
    def _check_leave(self):
        Leave = self.env["resource.calendar.leaves"].sudo()
        for booking in self:
            if booking.state == "cancelled" or not booking.user_id:
                continue
            start = datetime.combine(booking.date_start, time.min)
            end = datetime.combine(booking.date_end + timedelta(days=1), time.min)
            leave = Leave.search(
                [
                    ("resource_id.user_id", "=", booking.user_id.id),
                    ("time_type", "=", "leave"),
                    ("date_from", "<", end),
                    ("date_to", ">", start),
                ],
                limit=1,
            )
            if leave:
                raise ValidationError(
                    self.env._(
                        "%(user)s is on leave from %(start)s to %(end)s (%(name)s): the booking overlaps it.",
                        user=booking.user_id.name,
                        start=fields.Date.to_string(leave.date_from.date()),
                        end=fields.Date.to_string(leave.date_to.date()),
                        name=leave.name or self.env._("leave"),
                    )
                )

    # ------------------------------------------------------------------ load
    def _coop_check_chosen_records(self, vals):
        """The lead, project and specialist of a booking feed its circle and client (stored as superuser)."""
        if self.env.su:
            return
        check_no_server_fields(self, vals, SERVER_FIELDS)
        many2ones = (
            ("lead_id", self.env._("You can only book time for a lead you are allowed to see.")),
            ("project_id", self.env._("You can only book time for a project you are allowed to see.")),
            ("user_id", self.env._("You can only book a specialist you are allowed to see.")),
        )
        for fname, message in many2ones:
            if vals.get(fname):
                check_readable(self.env[self._fields[fname].comodel_name].browse(vals[fname]), message)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._coop_check_chosen_records(vals)
        bookings = super().create(vals_list)
        self.env["coop.capacity.load"]._coop_refresh(bookings._coop_load_keys())
        return bookings

    def write(self, vals):
        self._coop_check_chosen_records(vals)
        keys = self._coop_load_keys()
        res = super().write(vals)
        self.env["coop.capacity.load"]._coop_refresh(keys | self._coop_load_keys())
        return res

    def unlink(self):
        keys = self._coop_load_keys()
        res = super().unlink()
        self.env["coop.capacity.load"]._coop_refresh(keys)
        return res

    def _coop_hours_by_week(self):
        """{(user_id, monday): hours} for this booking."""
        self.ensure_one()
        result = defaultdict(float)
        for day, hours in self._coop_hours_by_day().items():
            result[(self.user_id.id, day - timedelta(days=day.weekday()))] += hours
        return result

    # ------------------------------------------------------------------ state flow
    def action_confirm(self):
        self.check_access("write")
        self.filtered(lambda b: b.state != "confirmed").write({"state": "confirmed"})

    def action_cancel(self):
        self.check_access("write")
        self.filtered(lambda b: b.state != "cancelled").write({"state": "cancelled"})

    def action_reset_tentative(self):
        self.check_access("write")
        self.filtered(lambda b: b.state != "tentative").write({"state": "tentative"})
