"""Fixtures the coop addons' tests share."""

from odoo import Command


def five_day_calendar(env, name, tz):
    """A working schedule Monday to Friday, 9-13 and 14-18 in the time zone `tz`."""
    return env["resource.calendar"].create(
        {
            "name": name,
            "tz": tz,
            "hours_per_day": 8,
            "attendance_ids": [Command.clear()]
            + [
                Command.create(
                    {
                        "name": f"{day} {start}",
                        "dayofweek": str(day),
                        "hour_from": start,
                        "hour_to": end,
                        "day_period": period,
                    }
                )
                for day in range(5)
                for start, end, period in ((9, 13, "morning"), (14, 18, "afternoon"))
            ],
        }
    )
