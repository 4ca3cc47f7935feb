from datetime import date, timedelta

from odoo import api, fields, models
from odoo.addons.coop_base.tools import in_job_lang, param_int
from odoo.exceptions import AccessError, ValidationError

from ..tools import analytics
from ..tools import phone as phone_tools
from ..tools.birthday import birthday_in
from ..tools.sql import create_prefix_index

PARTNER_FIELDS = ("name", "email", "mobile", "phone")
# fields whose change refreshes the birthday event of a key person or chairman
BIRTHDAY_FIELDS = {"name", "birthdate", "is_key_person", "active", "leave_date", "organization_id"}
# occurrences of a birthday kept ahead in the calendar; refreshed by the daily birthday job
BIRTHDAY_YEARS = 10
# days before a birthday its reminder is given (setting coop_union.birthday_reminder_days)
BIRTHDAY_REMINDER_DAYS = 3


class CoopUnionMember(models.Model):
    _name = "coop.union.member"
    _description = "Union Member"
    _inherit = ["mail.thread.blacklist", "mail.thread.phone", "mail.activity.mixin", "coop.union.scoped"]
    _order = "name, id"
    _primary_email = "email"
    _mailing_enabled = True

    partner_id = fields.Many2one(
        "res.partner", string="Contact", required=True, ondelete="restrict", index=True, tracking=True
    )
    name = fields.Char(related="partner_id.name", store=True, readonly=False, string="Full Name")
    email = fields.Char(related="partner_id.email", store=True, readonly=False)
    mobile = fields.Char(related="partner_id.mobile", store=True, readonly=False)
    phone = fields.Char(related="partner_id.phone", store=True, readonly=False)
    membership_number = fields.Char(required=True, index=True, tracking=True, copy=False)
    organization_id = fields.Many2one(
        "coop.union.organization",
        string="Primary Organization",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        domain=[("level", "=", "primary")],
    )
    organization_path = fields.Char(
        related="organization_id.parent_path", store=True, index="btree_not_null", string="Organization Path"
    )
    regional_organization_id = fields.Many2one(
        related="organization_id.parent_id",
        store=True,
        index="btree_not_null",
        # derived from the organisation, which is tracked: no chatter line of its own (it would
        # inherit the tracking of the organisation's parent)
        tracking=False,
        string="Regional Organization",
        help="The organisation above the member's primary one, for the figures by region.",
    )
    # indexed: the membership dynamics of a period read the joinings and leavings of its months
    join_date = fields.Date(default=fields.Date.context_today, tracking=True, index=True)
    leave_date = fields.Date(tracking=True, index="btree_not_null")
    leave_reason = fields.Char(tracking=True)
    state = fields.Selection(
        [("member", "Member"), ("left", "Left")], compute="_compute_state", store=True, index=True
    )
    birthdate = fields.Date()
    gender = fields.Selection([("male", "Male"), ("female", "Female")], tracking=True)
    age_band = fields.Selection(
        [
            ("under_35", "Under 35"),
            ("35_44", "35-44"),
            ("45_54", "45-54"),
            ("55_64", "55-64"),
            ("65_plus", "65 and Older"),
        ],
        compute="_compute_age_band",
        store=True,
        help="Age group of the member today, from the birthdate; kept current by a daily job.",
    )
    next_birthday = fields.Date(compute="_compute_next_birthday", store=True, index=True)
    age_next_birthday = fields.Integer(compute="_compute_next_birthday", store=True, string="Turns")
    workplace = fields.Char(tracking=True)
    position = fields.Char(tracking=True)
    industry_id = fields.Many2one("coop.union.industry", tracking=True)
    discount_card = fields.Char(string="ProfDISCOUNT Card", tracking=True, copy=False)
    category_ids = fields.Many2many("coop.union.category", string="Categories")
    is_key_person = fields.Boolean(
        string="Key Person",
        tracking=True,
        help="Birthdays of key people are shown in the birthdays calendar.",
    )
    chaired_organization_ids = fields.One2many("coop.union.organization", "chairman_id")
    is_chairman = fields.Boolean(compute="_compute_is_chairman", store=True)
    consent_email = fields.Boolean(string="E-mail Mailings", default=True, tracking=True)
    consent_sms = fields.Boolean(string="SMS Mailings", default=True, tracking=True)
    consent_greeting = fields.Boolean(
        string="Birthday Greetings",
        default=True,
        tracking=True,
        help="The member agrees to receive a birthday greeting from his organisation.",
    )
    sms_number = fields.Char(
        compute="_compute_sms_number",
        store=True,
        string="SMS Number",
        help="Mobile number normalised for SMS.",
    )
    sms_valid = fields.Boolean(compute="_compute_sms_number", store=True, string="Valid for SMS")
    sms_invalid_reason = fields.Char(compute="_compute_sms_number", store=True, string="Why No SMS")
    birthday_reminded_year = fields.Integer(copy=False)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "membership_number_unique",
            "unique(membership_number)",
            "This membership number is already given to another member.",
        ),
    ]

    # ------------------------------------------------------------------ compute

    def init(self):
        res = super().init()
        create_prefix_index(self.env.cr, "coop_union_member", "organization_path")
        # the list's order (_order): its first page is read from the index, not sorted from
        # every member the user sees (the federation sees them all)
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS coop_union_member_name_id_index ON coop_union_member (name, id)"
        )
        return res

    @api.depends("leave_date")
    def _compute_state(self):
        for member in self:
            member.state = "left" if member.leave_date else "member"

    @api.depends("chaired_organization_ids")
    def _compute_is_chairman(self):
        for member in self:
            member.is_chairman = bool(member.chaired_organization_ids)

    @api.depends("mobile")
    def _compute_sms_number(self):
        reasons = self._sms_reason_labels()
        for member in self:
            number, reason = phone_tools.normalize_mobile(member.mobile)
            member.sms_number = number
            member.sms_valid = bool(number)
            member.sms_invalid_reason = reasons[reason] if reason else False

    @api.model
    def _sms_reason_labels(self):
        return {
            phone_tools.MISSING: self.env._("No mobile number"),
            phone_tools.MALFORMED: self.env._("Not a phone number"),
            phone_tools.LANDLINE: self.env._("Landline number: cannot receive SMS"),
        }

    @api.depends("birthdate")
    def _compute_next_birthday(self):
        today = fields.Date.context_today(self)
        for member in self:
            member.next_birthday, member.age_next_birthday = self._next_birthday(member.birthdate, today)

    @api.depends("birthdate")
    def _compute_age_band(self):
        today = fields.Date.context_today(self)
        for member in self:
            birthdate = member.birthdate
            if not birthdate:
                member.age_band = False
                continue
            age = today.year - birthdate.year - ((today.month, today.day) < (birthdate.month, birthdate.day))
            member.age_band = analytics.age_band(age)

    @api.model
    def _cron_refresh_age_bands(self):
        """Move the members who had a birthday into their new age band (one statement)."""
        self.flush_model(["birthdate", "age_band"])
        changed = analytics.refresh_age_bands(self.env.cr, fields.Date.context_today(self))
        self.invalidate_model(["age_band"])
        return changed

    @staticmethod
    def _next_birthday(birthdate, today):
        if not birthdate:
            return False, 0
        for year in (today.year, today.year + 1):
            candidate = birthday_in(birthdate, year)
            if candidate >= today:
                return candidate, year - birthdate.year
        return False, 0

    # ------------------------------------------------------------------ constraints
    @api.constrains("organization_id")
    def _check_primary_organization(self):
        for member in self:
            if member.organization_id.level != "primary":
                raise ValidationError(
                    self.env._(
                        "%(member)s can only belong to a primary organisation, not to %(org)s.",
                        member=member.name,
                        org=member.organization_id.name,
                    )
                )

    @api.constrains("join_date", "leave_date", "birthdate")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        for member in self:
            if member.leave_date and member.join_date and member.leave_date < member.join_date:
                raise ValidationError(self.env._("%s cannot leave the union before joining it.", member.name))
            if member.birthdate and member.birthdate > today:
                raise ValidationError(self.env._("The birthdate of %s is in the future.", member.name))

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        self._coop_check_contacts([vals["partner_id"] for vals in vals_list if vals.get("partner_id")])
        partner_vals = []
        pending = []
        for vals in vals_list:
            if not vals.get("partner_id"):
                if not vals.get("name"):
                    raise ValidationError(self.env._("A member needs a full name."))
                partner_vals.append({f: vals.pop(f) for f in PARTNER_FIELDS if f in vals})
                pending.append(vals)
        if partner_vals:
            partners = self.env["res.partner"].sudo().create(partner_vals)
            for vals, partner in zip(pending, partners, strict=True):
                vals["partner_id"] = partner.id
        members = super().create(vals_list)
        # a new member chairs nothing yet: only a key person gets a birthday event
        if any(vals.get("is_key_person") for vals in vals_list):
            members.filtered("is_key_person")._coop_sync_birthday_events()
        return members

    def write(self, vals):
        self.env["coop.union.organization"]._coop_check_assignable(vals.get("organization_id"))
        if vals.get("partner_id"):
            self._coop_check_contacts([vals["partner_id"]])
        res = super().write(vals)
        if BIRTHDAY_FIELDS & set(vals):
            self._coop_sync_birthday_events()
        return res

    def unlink(self):
        self._coop_unlink_birthday_events()
        return super().unlink()

    def _coop_check_contacts(self, partner_ids):
        """A member's name, e-mail and phones are those of its contact: the user who links a
        member to an existing contact must be allowed to read that contact (which keeps the
        contacts of other subtrees' members and applicants out of reach), and the contact must
        be a person's own, not a company nor a user's."""
        if self.env.su or not partner_ids:
            return
        partners = self.env["res.partner"].browse(set(partner_ids)).exists()
        for partner in partners:
            if not partner.has_access("read"):
                raise AccessError(
                    self.env._(
                        "You cannot make a member of contact #%s: you are not allowed to see it.", partner.id
                    )
                )
            if partner.is_company or partner.sudo().with_context(active_test=False).user_ids:
                raise AccessError(
                    self.env._(
                        "%s cannot become a member's contact: it is a company or a user's own contact.",
                        partner.display_name,
                    )
                )

    # ------------------------------------------------------------------ mailing
    def _phone_get_number_fields(self):
        return ["sms_number"]

    def _mail_get_partner_fields(self, introspect_fields=False):
        return ["partner_id"]

    def _mailing_get_default_domain(self, mailing):
        return self._coop_mailing_consent_domain(mailing.mailing_type)

    @api.model
    def _coop_mailing_consent_domain(self, mailing_type):
        """The members a mailing of ``mailing_type`` may reach: members who consented to the
        channel (and, for SMS, have a mobile number that can receive it)."""
        if mailing_type == "sms":
            return [("state", "=", "member"), ("consent_sms", "=", True), ("sms_valid", "=", True)]
        return [("state", "=", "member"), ("consent_email", "=", True)]

    # ------------------------------------------------------------------ birthdays
    @api.model
    @in_job_lang
    def _cron_birthday_reminders(self, days_before=None):
        """Refresh the next birthdays and remind the congratulators of the coming ones."""
        if days_before is None:
            days_before = param_int(
                self.env, "coop_union.birthday_reminder_days", BIRTHDAY_REMINDER_DAYS, minimum=0
            )
        today = fields.Date.context_today(self)
        stale = self.search([("birthdate", "!=", False), ("next_birthday", "<", today)])
        stale._compute_next_birthday()
        self._coop_extend_birthday_events(today)
        coming = self.search(
            [
                ("next_birthday", ">=", today),
                ("next_birthday", "<=", today + timedelta(days=days_before)),
                "|",
                ("is_key_person", "=", True),
                ("is_chairman", "=", True),
            ]
        )
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for member in coming:
            if member.birthday_reminded_year == member.next_birthday.year:
                continue
            users = member._birthday_congratulators()
            for user in users:
                member.activity_schedule(
                    activity_type_id=activity_type.id,
                    date_deadline=member.next_birthday,
                    summary=self.env._(
                        "Birthday: %(name)s turns %(age)s", name=member.name, age=member.age_next_birthday
                    ),
                    user_id=user.id,
                )
            member.birthday_reminded_year = member.next_birthday.year
        return coming

    @api.model
    def _coop_extend_birthday_events(self, today):
        """Recreate the birthday events whose last occurrence is less than a year ahead."""
        self.env.cr.execute(
            """SELECT coop_union_member_id FROM calendar_event
                WHERE coop_union_member_id IS NOT NULL AND active
                GROUP BY coop_union_member_id HAVING max(start) < %s""",
            [date(today.year + 1, today.month, 28 if today.month == 2 else today.day)],
        )
        members = self.sudo().browse([r[0] for r in self.env.cr.fetchall()])
        members._coop_unlink_birthday_events()
        members._coop_sync_birthday_events()

    def _coop_birthday_wanted(self):
        self.ensure_one()
        return bool(
            self.active
            and self.state == "member"
            and self.birthdate
            and (self.is_key_person or self.is_chairman)
        )

    def _coop_birthday_event_vals(self, today):
        """The birthday events of the member from this year on: one yearly recurring event; for
        someone born on 29 February, one event a year (a yearly rule cannot fall on the 29th in
        leap years and on the 28th in the others, as birthday_in does)."""
        self.ensure_one()
        congratulators = self._birthday_congratulators()
        event_type = self.env.ref("coop_union.calendar_event_type_birthday", raise_if_not_found=False)
        common = {
            "name": self.env._("Birthday: %s", self.name),
            "allday": True,
            # internal users only; the record rule narrows it to the member's subtree and the attendees
            "privacy": "confidential",
            "show_as": "free",
            "user_id": congratulators[:1].id or False,
            "partner_ids": [fields.Command.set(congratulators.partner_id.ids)],
            "categ_ids": [fields.Command.set(event_type.ids)],
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "coop_union_member_id": self.id,
            "coop_union_path": self.organization_path,
            "coop_union_organization_id": self.organization_id.id,
        }
        if (self.birthdate.month, self.birthdate.day) == (2, 29):
            days = [birthday_in(self.birthdate, today.year + offset) for offset in range(BIRTHDAY_YEARS)]
            return [dict(common, start=day, stop=day, recurrency=False) for day in days]
        start = birthday_in(self.birthdate, today.year)
        recurrence = {"rrule_type": "yearly", "interval": 1, "end_type": "count", "count": BIRTHDAY_YEARS}
        return [dict(common, start=start, stop=start, recurrency=True, **recurrence)]

    def _coop_event_env(self):
        return (
            self.env["calendar.event"]
            .sudo()
            .with_context(
                active_test=False,
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_notrack=True,
                no_mail_to_attendees=True,
                dont_notify=True,
            )
        )

    def _coop_unlink_birthday_events(self, events=None):
        Event = self._coop_event_env()
        if events is None:
            events = Event.search([("coop_union_member_id", "in", self.ids)]) if self.ids else Event
        events = Event.browse(events.ids)
        recurrences = events.recurrence_id
        events.unlink()
        recurrences.exists().unlink()

    def _coop_sync_birthday_events(self):
        """Keep one yearly recurring all-day event per key person or chairman with a birthdate:
        created, rewritten when the name, the date, the congratulators or the organisation change,
        archived when the person is no longer one to congratulate."""
        Event = self._coop_event_env()
        today = fields.Date.context_today(self)
        members = self.sudo().with_context(active_test=False).exists()
        if not members:
            return
        events = Event.search([("coop_union_member_id", "in", members.ids)])
        by_member = {}
        for event in events:
            by_member.setdefault(event.coop_union_member_id.id, Event.browse())
            by_member[event.coop_union_member_id.id] |= event
        for member in members:
            mine = by_member.get(member.id, Event.browse())
            if not member._coop_birthday_wanted():
                if mine.filtered("active"):
                    mine.write({"active": False})
                continue
            vals_list = member._coop_birthday_event_vals(today)
            vals = vals_list[0]
            current = mine.filtered("active").sorted("start")[:1]
            if (
                current
                and len(mine) == len(mine.filtered("active"))
                and current.recurrency == vals["recurrency"]
                and current.name == vals["name"]
                and (current.start_date.month, current.start_date.day)
                == (vals["start"].month, vals["start"].day)
                and current.coop_union_path == vals["coop_union_path"]
                and current.coop_union_organization_id.id == vals["coop_union_organization_id"]
                and set(current.partner_ids.ids) == set(vals["partner_ids"][0][2])
            ):
                continue
            member._coop_unlink_birthday_events(mine)
            Event.create(vals_list)

    def _birthday_congratulators(self):
        """Congratulators of the member's organisation and of the one above it; for a chairman,
        those of the organisations they chair and of the organisations above those. Only those
        who work with the member's subtree (or the federation) are kept: a congratulator who
        left the staff no longer receives the birthday."""
        self.ensure_one()
        orgs = self.organization_id | self.chaired_organization_ids
        users = (orgs | orgs.parent_id).sudo().congratulator_ids
        return users.filtered(lambda user: user._coop_union_covers(self.organization_id))
