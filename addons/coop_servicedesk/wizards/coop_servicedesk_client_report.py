import statistics
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

WORKING_HOURS_HELP = (
    "Counted in working hours of the team's working calendar, as the SLA deadlines are "
    "(nights, weekends and public holidays do not count)."
)


def _percentile(values, pct):
    """Linear-interpolated percentile of a non-empty list."""
    data = sorted(values)
    if len(data) == 1:
        return data[0]
    pos = (len(data) - 1) * pct / 100.0
    low = int(pos)
    high = min(low + 1, len(data) - 1)
    return data[low] + (data[high] - data[low]) * (pos - low)


class CoopServicedeskClientReport(models.TransientModel):
    """Service figures of one client over a period: what the client may ask for."""

    _name = "coop.servicedesk.client.report"
    _description = "Client service report"

    partner_id = fields.Many2one(
        "res.partner", string="Client", required=True, domain=[("is_company", "=", True)]
    )
    date_from = fields.Date(required=True, default=lambda self: fields.Date.today().replace(day=1))
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    received = fields.Integer(compute="_compute_figures")
    completed = fields.Integer(compute="_compute_figures")
    take_median = fields.Float(
        string="Take into work, median (working hours)", compute="_compute_figures", help=WORKING_HOURS_HELP
    )
    take_p90 = fields.Float(
        string="Take into work, 90th percentile (working hours)",
        compute="_compute_figures",
        help=WORKING_HOURS_HELP,
    )
    resolve_median = fields.Float(
        string="Resolve, median (working hours)", compute="_compute_figures", help=WORKING_HOURS_HELP
    )
    resolve_p90 = fields.Float(
        string="Resolve, 90th percentile (working hours)", compute="_compute_figures", help=WORKING_HOURS_HELP
    )
    breaches = fields.Integer(string="SLA breaches", compute="_compute_figures")
    ratings = fields.Integer(string="Ratings", compute="_compute_figures")
    rating_avg = fields.Float(string="Average rating (1-5)", compute="_compute_figures", digits=(3, 2))

    @api.model
    def _working_hours(self, ticket, start, end):
        """Hours between two moments counted in the working time of the ticket's
        team calendar, as its SLA deadlines are; plain elapsed hours when the
        team has no calendar."""
        if not (start and end) or end <= start:
            return 0.0
        calendar = ticket.team_id.resource_calendar_id
        if not calendar:
            return (end - start).total_seconds() / 3600
        return calendar.get_work_hours_count(start, end, compute_leaves=True)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for rec in self:
            if rec.date_from > rec.date_to:
                raise ValidationError(self.env._("The period must start before it ends."))

    @api.constrains("partner_id")
    def _check_partner_readable(self):
        for rec in self:
            rec._coop_check_client(rec.partner_id)

    @api.model
    def _coop_check_client(self, partner):
        """The caller may see this client: figures are only ever given for a readable one."""
        if self.env.su or not partner:
            return
        partner = partner.with_env(self.env)
        try:
            partner.check_access("read")
            partner.commercial_partner_id.check_access("read")
        except AccessError as exc:
            raise AccessError(self.env._("You may not see the service figures of this client.")) from exc

    @api.model
    def _coop_figures(self, partner, date_from, date_to):
        """Figures for tickets of ``partner`` (and its contacts) created in the period.

        Counted over the tickets the caller may read (all of them in sudo): nobody
        learns figures of tickets hidden from him."""
        if date_from > date_to:
            raise ValidationError(self.env._("The period must start before it ends."))
        self._coop_check_client(partner)
        partner = partner.with_env(self.env).commercial_partner_id
        start = datetime.combine(date_from, time.min)
        end = datetime.combine(date_to + timedelta(days=1), time.min)
        Ticket = self.env["helpdesk.ticket"].with_context(active_test=False)
        tickets = Ticket.search(
            [
                ("commercial_partner_id", "=", partner.id),
                # a duplicate merged into another request is that request
                ("coop_merged_into_id", "=", False),
                ("create_date", ">=", start),
                ("create_date", "<", end),
            ]
        ).sudo()
        # a ticket in a closing stage is done, dated or not (one filed already done has no
        # closing date of its own): only its resolution time needs the date
        done = tickets.filtered("closed")
        take = [
            self._working_hours(t, t.create_date, t.coop_taken_date) for t in tickets if t.coop_taken_date
        ]
        resolve = [self._working_hours(t, t.create_date, t.closed_date) for t in done if t.closed_date]
        by_tag = {}
        for ticket in tickets:
            for tag in ticket.tag_ids or [False]:
                key = tag.name if tag else self.env._("Without direction")
                by_tag.setdefault(key, [0, 0])
                by_tag[key][0] += 1
                if ticket in done:
                    by_tag[key][1] += 1
        ratings = (
            self.env["rating.rating"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "helpdesk.ticket"),
                    ("res_id", "in", tickets.ids),
                    ("consumed", "=", True),
                    ("rating", ">", 0),
                ]
            )
        )
        return {
            "partner": partner.sudo().name,
            "ratings": len(ratings),
            "rating_avg": round(sum(ratings.mapped("rating")) / len(ratings), 2) if ratings else 0.0,
            "date_from": date_from,
            "date_to": date_to,
            "received": len(tickets),
            "completed": len(done),
            "take_median": round(statistics.median(take), 2) if take else 0.0,
            "take_p90": round(_percentile(take, 90), 2) if take else 0.0,
            "resolve_median": round(statistics.median(resolve), 2) if resolve else 0.0,
            "resolve_p90": round(_percentile(resolve, 90), 2) if resolve else 0.0,
            "breaches": len(tickets.filtered("sla_expired")),
            "by_direction": sorted(
                ({"name": k, "received": v[0], "completed": v[1]} for k, v in by_tag.items()),
                key=lambda d: d["name"],
            ),
        }

    @api.depends("partner_id", "date_from", "date_to")
    def _compute_figures(self):
        keys = (
            "received",
            "completed",
            "take_median",
            "take_p90",
            "resolve_median",
            "resolve_p90",
            "breaches",
            "ratings",
            "rating_avg",
        )
        for rec in self:
            if not (rec.partner_id and rec.date_from and rec.date_to) or (rec.date_from > rec.date_to):
                for key in keys:
                    rec[key] = 0
                continue
            figures = self._coop_figures(rec.partner_id, rec.date_from, rec.date_to)
            for key in keys:
                rec[key] = figures[key]

    def _figures(self):
        self.ensure_one()
        return self._coop_figures(self.partner_id, self.date_from, self.date_to)

    def action_print(self):
        self.ensure_one()
        self._coop_check_client(self.partner_id)
        return self.env.ref("coop_servicedesk.action_report_client_service").report_action(self)
