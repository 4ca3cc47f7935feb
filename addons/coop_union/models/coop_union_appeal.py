import re
from datetime import datetime, time, timedelta

import pytz
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.sql import create_prefix_index

CHANNEL_TO_MEDIUM = {
    "paper": "paper",
    "email": "email",
    "web": "electronic",
    "phone": "electronic",
    "visit": "paper",
    "messenger": "electronic",
    "portal": "electronic",
    "telegram": "electronic",
}
# channels by which an appeal arrives by itself (the applicant files it, no staff involved)
SELF_SERVICE_CHANNELS = ("email", "web", "portal", "telegram")
# defaults of the settings that limit what an applicant sends
ATTACHMENT_MAX_MB = 10
ATTACHMENT_MAX_COUNT = 5
SUBJECT_MAX = 120
TEXT_MAX = 20000


class CoopUnionAppeal(models.Model):
    _name = "coop.union.appeal"
    _description = "Appeal"
    _inherit = ["mail.thread", "mail.activity.mixin", "coop.union.scoped"]
    _order = "date desc, id desc"

    name = fields.Char(
        string="Number", readonly=True, copy=False, default=lambda self: self.env._("New"), index=True
    )
    subject = fields.Char(required=True, tracking=True)
    text = fields.Text()
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    member_id = fields.Many2one("coop.union.member", tracking=True, help="Leave empty for an outside person.")
    applicant_name = fields.Char(
        string="Applicant", compute="_compute_applicant", store=True, readonly=False, tracking=True
    )
    applicant_contact = fields.Char(
        string="Applicant's Contact",
        compute="_compute_applicant",
        store=True,
        readonly=False,
        help="Phone or e-mail to answer an outside person.",
    )
    channel = fields.Selection(
        [
            ("visit", "Personal Visit"),
            ("paper", "Letter"),
            ("email", "E-mail"),
            ("web", "Website"),
            ("phone", "Phone"),
            ("messenger", "Messenger"),
            ("portal", "Portal"),
            ("telegram", "Telegram"),
        ],
        required=True,
        default="email",
        tracking=True,
    )
    organization_id = fields.Many2one(
        "coop.union.organization", required=True, index=True, tracking=True, ondelete="restrict"
    )
    organization_path = fields.Char(related="organization_id.parent_path", store=True, index="btree_not_null")
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user, tracking=True
    )
    type_id = fields.Many2one("coop.union.appeal.type", string="Type", tracking=True, index=True)
    deadline = fields.Date(
        compute="_compute_deadline",
        store=True,
        readonly=False,
        tracking=True,
        help="The date received plus the type's working days in the calendar of the organisation's "
        "office (else the company's), public holidays skipped.",
    )
    consent_date = fields.Datetime(
        string="Consent Given",
        readonly=True,
        copy=False,
        help="When the applicant agreed to the processing of his personal data.",
    )
    consent_channel = fields.Selection(
        [("email", "E-mail"), ("web", "Website"), ("portal", "Portal"), ("telegram", "Telegram")],
        readonly=True,
        copy=False,
        help="Where the applicant gave his consent.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Applicant's Contact Card",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The contact the applicant is answered at (the member's contact, or the sender of the e-mail).",
    )
    state = fields.Selection(
        [
            ("new", "New"),
            ("in_progress", "In Progress"),
            ("answered", "Answered"),
            ("closed", "Closed"),
        ],
        default="new",
        required=True,
        tracking=True,
        group_expand="_expand_states",
    )
    answer = fields.Text(tracking=True)
    document_id = fields.Many2one(
        "coop.document",
        string="Incoming Document",
        readonly=True,
        copy=False,
        groups="coop_union.group_union_user",
    )
    answer_document_id = fields.Many2one(
        "coop.document",
        string="Answer Document",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="coop_union.group_union_user",
    )
    answer_date = fields.Date(string="Answered On", readonly=True, copy=False, tracking=True)
    days_to_answer = fields.Integer(
        compute="_compute_days_to_answer",
        store=True,
        aggregator="avg",
        help="Calendar days from the appeal's receipt to its answer.",
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        readonly=True,
        copy=False,
        index=True,
        help="Not answered by its deadline (marked by the hourly control, or when answered late).",
    )
    overdue_activity_date = fields.Datetime(readonly=True, copy=False)
    escalation_date = fields.Datetime(string="Escalated On", readonly=True, copy=False)
    applicant_notified_date = fields.Datetime(string="Applicant Told On", readonly=True, copy=False)
    source_key = fields.Char(
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="base.group_system",
        help="A keyed hash of the address a web form came from, for the form's rate limit.",
    )
    color = fields.Integer()

    def init(self):
        res = super().init()
        create_prefix_index(self.env.cr, "coop_union_appeal", "organization_path")
        return res

    # ------------------------------------------------------------------ deadline

    @api.depends("date", "type_id", "organization_id")
    def _compute_deadline(self):
        for appeal in self:
            if appeal.date and appeal.type_id:
                appeal.deadline = appeal._coop_working_deadline(appeal.date, appeal.type_id.response_days)
            else:
                appeal.deadline = appeal.deadline

    def _coop_calendar(self):
        """The working calendar of the office serving the appeal's organisation, else the company's."""
        self.ensure_one()
        office = self.organization_id._coop_office() if self.organization_id else False
        return (office and office.resource_calendar_id) or self.env.company.resource_calendar_id

    def _coop_working_deadline(self, start, days):
        """The ``days``-th working day after ``start`` (a date) in the appeal's calendar."""
        calendar = self._coop_calendar()
        if not calendar:
            return start + timedelta(days=days)
        tz = pytz.timezone(calendar.tz or "UTC")
        day_after = tz.localize(datetime.combine(start + timedelta(days=1), time.min))
        end = calendar.plan_days(days, day_after, compute_leaves=True)
        if not end:
            return start + timedelta(days=days)
        return end.astimezone(tz).date()

    @api.depends("date", "answer_date")
    def _compute_days_to_answer(self):
        for appeal in self:
            if appeal.date and appeal.answer_date:
                appeal.days_to_answer = (appeal.answer_date - appeal.date).days
            else:
                appeal.days_to_answer = 0

    @api.depends("member_id")
    def _compute_applicant(self):
        for appeal in self:
            if appeal.member_id:
                appeal.applicant_name = appeal.member_id.name
                appeal.applicant_contact = appeal.member_id.mobile or appeal.member_id.email

    @api.model
    def _expand_states(self, states, domain):
        return [key for key, _label in self._fields["state"].selection]

    @api.model_create_multi
    def create(self, vals_list):
        self._coop_check_targets(vals_list)
        for vals in vals_list:
            if vals.get("name", self.env._("New")) == self.env._("New"):
                vals["name"] = self.env["ir.sequence"].next_by_code("coop.union.appeal") or self.env._("New")
        appeals = super().create(vals_list)
        for appeal in appeals:
            if appeal.member_id and not appeal.partner_id:
                appeal.sudo().partner_id = appeal.member_id.partner_id
        return appeals

    def write(self, vals):
        self.env["coop.union.organization"]._coop_check_assignable(vals.get("organization_id"))
        self._coop_check_targets([vals])
        return super().write(vals)

    def _coop_check_targets(self, vals_list):
        """The applicant's name and contact are copied from the member: the user must be
        allowed to read that member (his subtree). The incoming document is linked by the
        registration only."""
        if self.env.su:
            return
        if any("partner_id" in vals for vals in vals_list):
            raise AccessError(
                self.env._("The applicant's contact card is set from the member or the channel the appeal came by.")
            )
        if any({"document_id", "answer_document_id"} & set(vals) for vals in vals_list):
            raise AccessError(
                self.env._("An appeal is linked to its incoming document by its registration only.")
            )
        member_ids = {vals["member_id"] for vals in vals_list if vals.get("member_id")}
        for member in self.env["coop.union.member"].browse(member_ids).exists():
            if not member.has_access("read"):
                raise AccessError(
                    self.env._(
                        "You cannot file an appeal for member #%s: the member belongs to an organisation "
                        "outside yours.",
                        member.id,
                    )
                )

    def action_start(self):
        self.write({"state": "in_progress"})

    def action_answer(self):
        for appeal in self:
            if not appeal.answer:
                raise UserError(
                    self.env._("Write the answer to appeal %s before marking it answered.", appeal.name)
                )
        self.write({"state": "answered"})
        self._coop_answered()
        return True

    def action_close(self):
        self.write({"state": "closed"})
        return True

    def action_reopen(self):
        self.write({"state": "in_progress"})
        return True

    def _document_sender(self):
        """The member's contact, or a new contact for an outside applicant, with the contact he
        gave (an e-mail address or a phone number) and seen, as members' contacts are, only by
        the staff of the appeal's organisation's subtree."""
        self.ensure_one()
        if self.member_id:
            return self.member_id.partner_id
        vals = {
            "name": self.applicant_name or self.env._("Unknown applicant"),
            "coop_union_applicant_organization_id": self.organization_id.id,
        }
        vals.update(self._coop_contact_vals(self.applicant_contact))
        return self.env["res.partner"].sudo().create(vals)

    @api.model
    def _coop_contact_vals(self, contact):
        """Split what an applicant gave to be answered into a contact's fields."""
        contact = (contact or "").strip()
        if not contact:
            return {}
        if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", contact):
            return {"email": contact}
        if re.fullmatch(r"[\d\s()+\-.]{5,}", contact):
            return {"phone": contact}
        return {"comment": contact}

    def action_register_document(self):
        """Register the appeal as an incoming document of the document flow, in one click.

        Any staff member who may edit the appeal may do it: the registration itself runs
        with the rights of the document flow's secretary (sudo) from this controlled method.
        """
        self.check_access("write")
        for appeal in self:
            if appeal.document_id:
                raise UserError(
                    self.env._(
                        "Appeal %(appeal)s is already registered as %(doc)s.",
                        appeal=appeal.name,
                        doc=appeal.document_id.name,
                    )
                )
            if not appeal.applicant_name:
                raise UserError(self.env._("Appeal %s has no applicant.", appeal.name))
            document = (
                self.env["coop.document"]
                .sudo()
                .create(
                    {
                        "title": appeal.subject,
                        "doc_type": "incoming",
                        "office_id": appeal._coop_document_office().id,
                        "summary": appeal.text or appeal.subject,
                        "date_received": appeal.date,
                        "doc_date": appeal.date,
                        "sender_id": appeal._document_sender().id,
                        "sender_number": appeal.name,
                        "sender_date": appeal.date,
                        "medium": CHANNEL_TO_MEDIUM.get(appeal.channel, "electronic"),
                        "deadline": appeal.deadline,
                    }
                )
            )
            document.action_register()
            appeal.sudo().document_id = document
            if appeal.state == "new":
                appeal.state = "in_progress"
            appeal.message_post(body=self.env._("Registered as incoming document %s.", document.name))
        return True

    def _coop_document_office(self):
        """The office that registers the appeal: the organisation's own, else the nearest one
        above it, else the head office."""
        self.ensure_one()
        office = self.sudo().organization_id._coop_office() if self.organization_id else None
        office = office or self.env["coop.docflow.office"]._default_office()
        if not office:
            raise UserError(
                self.env._("No office registers the documents of %s: create one for it first.", self.organization_id.name)
            )
        return office

    def action_open_document(self):
        self.ensure_one()
        self.check_access("read")
        return self.document_id._get_records_action()
