import csv
import io
from datetime import date, datetime, time, timedelta

import pytz
from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import file_open

PRODUCTION_CALENDAR_FILE = "coop_base/data/production_calendar_ru.csv"
DAY_KINDS = ("holiday", "short", "working")


class ResourceCalendarLeaves(models.Model):
    """The production calendar: public holidays, transferred days off and shortened
    pre-holiday days as global leaves (no working schedule, no resource), so that every
    working schedule of the database counts them: service desk SLA, CRM stage deadlines,
    capacity booking alike."""

    _inherit = "resource.calendar.leaves"

    @api.model
    def _coop_parse_production_days(self, content):
        """Rows of a production calendar CSV (``date,kind,name``) as (date, kind, name).

        ``kind``: ``holiday`` (a public holiday or a transferred day off), ``short`` (a
        pre-holiday day one hour shorter) or ``working`` (a Saturday or Sunday worked in
        exchange for a transferred day off). Raises a UserError naming the first bad line."""
        if isinstance(content, bytes):
            try:
                content = content.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise UserError(self.env._("The production calendar file is not UTF-8 text.")) from exc
        reader = csv.DictReader(io.StringIO(content))
        if not reader.fieldnames or not {"date", "kind"} <= {f.strip() for f in reader.fieldnames}:
            raise UserError(
                self.env._("The production calendar file needs the columns date, kind and name on its first line.")
            )
        rows = []
        for lineno, row in enumerate(reader, start=2):
            row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
            try:
                day = date.fromisoformat(row.get("date", ""))
            except ValueError as exc:
                raise UserError(
                    self.env._(
                        "Line %(line)s: %(value)r is not a date (YYYY-MM-DD).", line=lineno, value=row.get("date")
                    )
                ) from exc
            kind = row.get("kind", "")
            if kind not in DAY_KINDS:
                raise UserError(
                    self.env._(
                        "Line %(line)s: the kind must be holiday, short or working, not %(value)r.",
                        line=lineno,
                        value=kind,
                    )
                )
            rows.append((day, kind, row.get("name") or day.isoformat()))
        if not rows:
            raise UserError(self.env._("The production calendar file has no days."))
        return rows

    @api.model
    def _coop_load_production_days(self, rows, tz_name="Europe/Moscow", day_end=18.0):
        """Create the global leaves (and dated attendances for worked weekend days) of
        ``rows``; what already exists is left as it is, so loading twice changes nothing.

        A shortened day is a one-hour global leave ending at ``day_end`` (local time of
        ``tz_name``): schedules ending their day then lose that hour. Returns the number of
        leaves and of attendances created."""
        tz = pytz.timezone(tz_name or "Europe/Moscow")
        Leaves = self.sudo().with_context(active_test=False)
        leaves_created = attendances_created = 0
        end_hour = timedelta(hours=day_end)
        for day, kind, name in rows:
            if kind == "working":
                attendances_created += self._coop_add_working_day(day, name)
                continue
            start_local = datetime.combine(day, time()) + (end_hour - timedelta(hours=1) if kind == "short" else timedelta())
            end_local = datetime.combine(day, time()) + (end_hour if kind == "short" else timedelta(days=1, seconds=-1))
            start = tz.localize(start_local).astimezone(pytz.utc).replace(tzinfo=None)
            end = tz.localize(end_local).astimezone(pytz.utc).replace(tzinfo=None)
            domain = [
                ("calendar_id", "=", False),
                ("resource_id", "=", False),
                ("date_from", "=", start),
                ("date_to", "=", end),
            ]
            if Leaves.search_count(domain, limit=1):
                continue
            Leaves.create(
                {
                    "name": name,
                    "calendar_id": False,
                    "resource_id": False,
                    "company_id": False,
                    "date_from": start,
                    "date_to": end,
                    "time_type": "leave",
                }
            )
            leaves_created += 1
        return leaves_created, attendances_created

    @api.model
    def _coop_add_working_day(self, day, name):
        """A weekend day worked by decree: every weekly working schedule works it as it
        works a Monday (attendances dated that day)."""
        created = 0
        calendars = self.env["resource.calendar"].sudo().search([])
        for calendar in calendars:
            if calendar.flexible_hours or calendar.two_weeks_calendar:
                continue
            Attendance = calendar.attendance_ids
            if Attendance.filtered(lambda a, d=day: a.date_from == d and a.date_to == d):
                continue
            pattern = Attendance.filtered(lambda a: a.dayofweek == "0" and not a.date_from and not a.date_to)
            for att in pattern:
                att.copy(
                    {
                        "name": name,
                        "dayofweek": str(day.weekday()),
                        "date_from": day,
                        "date_to": day,
                        "calendar_id": calendar.id,
                    }
                )
                created += 1
        return created

    @api.model
    def _coop_load_production_calendar_file(self, path=PRODUCTION_CALENDAR_FILE):
        """Load the production calendar shipped with coop_base (install and upgrade)."""
        with file_open(path, "rb") as handle:
            rows = self._coop_parse_production_days(handle.read())
        return self._coop_load_production_days(rows)
