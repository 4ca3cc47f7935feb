import hashlib
import json
from typing import NamedTuple

from odoo import api, fields, models
from odoo.addons.coop_base.tools import selection_label
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import OrderedSet, format_date
from odoo.tools.translate import LazyTranslate

from .coop_docflow_office import IN_CHARGE_SQL
from .coop_document_journal import DOC_TYPES, MEDIUMS, PRIORITIES

STATES = [
    ("draft", "Draft"),
    ("registered", "Registered"),
    ("on_signature", "On Signature"),
    ("signed", "Signed"),
    ("rejected", "Rejected"),
    ("acknowledgement", "Acknowledgement"),
    ("on_resolution", "On Resolution"),
    ("in_execution", "In Execution"),
    ("executed", "Executed"),
    ("approved", "Approved"),
    ("dispatched", "Dispatched"),
    ("done", "Done"),
]
# States in which the content and the files of a document are frozen: while it waits for
# the chairman's signature (he signs exactly what was sent) and once it is signed.
LOCKED_STATES = ("on_signature", "signed", "acknowledgement", "approved", "dispatched", "done")
# The columns of the kanban: the states in the order of the work, the closed ones last (the
# kanban, a phone's especially, opens on its first column).
KANBAN_STATE_ORDER = [state for state, _label in STATES if state not in ("done", "rejected")] + [
    "done",
    "rejected",
]
# Fields that only the workflow methods may write.
WORKFLOW_FIELDS = {
    "name",
    "state",
    "journal_id",
    "reg_date",
    "registrar_id",
    "signed_by_id",
    "signed_date",
    "reject_reason",
    "signature_fingerprint",
}
# The content of a document: frozen once it is signed or dispatched.
CONTENT_FIELDS = {
    "title",
    "doc_type",
    "summary",
    "body",
    "doc_date",
    "date_received",
    "sender_id",
    "sender_number",
    "sender_date",
    "recipient_ids",
    "medium",
    "attachment_ids",
    "template_id",
    "author_id",
}
# What the chairman signs: the content fields whose values make the signature fingerprint
# (with the checksums of the files).
SIGNED_FIELDS = sorted(CONTENT_FIELDS - {"attachment_ids", "template_id"})
# Registration data of an incoming document: immutable once it has its number.
INCOMING_REGISTRATION_FIELDS = {
    "doc_type",
    "date_received",
    "doc_date",
    "sender_id",
    "sender_number",
    "sender_date",
    "medium",
}
# Relational fields the user sets, checked as the user (the target must be readable).
USER_TARGET_FIELDS = ("sender_id", "recipient_ids", "template_id", "author_id", "acknowledger_ids")
REQUIRED_BY_TYPE = {
    "internal": ["title", "doc_date"],
    "incoming": ["title", "date_received", "sender_id"],
    "outgoing": ["title", "doc_date", "recipient_ids"],
}
DISPATCH_METHODS = [
    ("post", "Post"),
    ("registered_mail", "Registered mail"),
    ("courier", "Courier"),
    ("hand", "By hand"),
    ("email", "Email"),
    ("fax", "Fax"),
    ("edo", "EDI operator"),
]

GROUP_SECRETARY = "coop_docflow.group_docflow_secretary"
GROUP_DEPUTY = "coop_docflow.group_docflow_deputy"
GROUP_CHAIRMAN = "coop_docflow.group_docflow_chairman"
GROUP_ADMIN = "coop_docflow.group_docflow_admin"
# the steps only the chairman of the document's own office takes (not the chairman of an office
# above it); the other steps are taken by the people in charge of the office (its secretaries,
# deputies and chairman, or those of an office above it)
CHAIRMAN_STEPS = ("sign", "reject", "resolve")

_lt = LazyTranslate(__name__)
ALL_TYPES = tuple(code for code, _label in DOC_TYPES)


class Transition(NamedTuple):
    """A step of the workflow a user takes: where it starts and who may take it."""

    label: object  # the button's name, in the refusal messages
    states: dict  # document type -> the states the step starts from (types not listed: never)
    groups: tuple  # the user must be in one of them
    refusal: object  # the message for a user in none of them


# The state machine of a document: every step a user takes, with the states it starts from
# for each document type and the groups allowed to take it. Each action method checks its
# row (_check_transition); the form's buttons read the can_<step> flags computed from the
# same rows. The steps the system takes itself (executed once every assignment is done,
# done once everybody has read the document) are in _check_all_executed/_acknowledged.
TRANSITIONS = {
    "register": Transition(
        _lt("Register"),
        dict.fromkeys(ALL_TYPES, ("draft",)),
        (GROUP_SECRETARY,),
        _lt("Only the secretary can register documents."),
    ),
    "send_to_chairman": Transition(
        _lt("Send to Chairman"),
        dict.fromkeys(ALL_TYPES, ("registered", "rejected")),
        (GROUP_SECRETARY,),
        _lt("Only the secretary can send documents to the chairman."),
    ),
    "sign": Transition(
        _lt("Sign"),
        dict.fromkeys(("internal", "outgoing"), ("on_signature",)),
        (GROUP_CHAIRMAN,),
        _lt("Only the chairman can sign documents."),
    ),
    "reject": Transition(
        _lt("Reject"),
        dict.fromkeys(("internal", "outgoing"), ("on_signature",)),
        (GROUP_CHAIRMAN,),
        _lt("Only the chairman can reject documents."),
    ),
    # a deputy chairman only on the documents delegated to him (_check_can_resolve)
    "resolve": Transition(
        _lt("Write Resolution"),
        {"incoming": ("on_resolution", "in_execution")},
        (GROUP_CHAIRMAN, GROUP_DEPUTY),
        _lt(
            "Only the chairman, or the deputy chairman the document is delegated to, can write a resolution."
        ),
    ),
    "request_acknowledgement": Transition(
        _lt("Request Acknowledgement"),
        {"internal": ("signed", "acknowledgement")},
        (GROUP_SECRETARY,),
        _lt("Only the secretary can request acknowledgement."),
    ),
    "dispatch": Transition(
        _lt("Dispatch"),
        {"outgoing": ("approved",)},
        (GROUP_SECRETARY,),
        _lt("Only the secretary can dispatch documents."),
    ),
    "done": Transition(
        _lt("File"),
        {"internal": ("signed",), "incoming": ("executed",), "outgoing": ("dispatched",)},
        (GROUP_SECRETARY,),
        _lt("Only the secretary can close documents."),
    ),
}


class CoopDocument(models.Model):
    """An internal, incoming or outgoing document and its way through the office."""

    _name = "coop.document"
    _description = "Document"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "priority desc, reg_date desc, id desc"
    _mail_post_access = "read"
    _rec_names_search = ["name", "title", "sender_number"]

    name = fields.Char(
        string="Registration Number",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="Given by registration in the journal of the document type; never changes.",
    )
    title = fields.Char(required=True, tracking=True)
    doc_type = fields.Selection(
        DOC_TYPES, string="Document Type", required=True, default="internal", tracking=True
    )
    state = fields.Selection(
        STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        group_expand="_group_expand_state",
    )
    office_id = fields.Many2one(
        "coop.docflow.office",
        string="Office",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        default=lambda self: self._default_office_id(),
        domain="[('id', 'in', office_choice_ids)]",
        help="The office that registers the document in its journals; its chairman signs it "
        "and writes the resolutions.",
    )
    office_choice_ids = fields.Many2many(
        "coop.docflow.office", compute="_compute_office_choice_ids", string="Offices to Choose"
    )
    journal_id = fields.Many2one("coop.document.journal", readonly=True, copy=False)
    reg_date = fields.Date(string="Registration Date", readonly=True, copy=False, tracking=True)
    registrar_id = fields.Many2one(
        "res.users", string="Registered By", readonly=True, copy=False, tracking=True
    )
    author_id = fields.Many2one(
        "res.users", string="Author", required=True, default=lambda self: self.env.user, tracking=True
    )
    template_id = fields.Many2one(
        "coop.document.template", domain="[('doc_type', '=', doc_type)]", copy=False
    )
    summary = fields.Text(tracking=True)
    body = fields.Html(string="Text", sanitize_style=True)
    date_received = fields.Date(default=fields.Date.context_today, tracking=True)
    doc_date = fields.Date(string="Document Date", default=fields.Date.context_today, tracking=True)
    sender_id = fields.Many2one("res.partner", string="Sender", tracking=True)
    sender_number = fields.Char(string="Sender's Number", tracking=True)
    sender_date = fields.Date(string="Sender's Date", tracking=True)
    recipient_ids = fields.Many2many(
        "res.partner", "coop_document_recipient_rel", "document_id", "partner_id", string="Recipients"
    )
    medium = fields.Selection(MEDIUMS, required=True, default="paper", tracking=True)
    priority = fields.Selection(PRIORITIES, default="0", required=True, tracking=True)
    deadline = fields.Date(tracking=True)
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "coop_document_ir_attachment_rel",
        "document_id",
        "attachment_id",
        string="Files",
        copy=False,
    )
    dispatch_method = fields.Selection(DISPATCH_METHODS, tracking=True)
    dispatch_date = fields.Date(tracking=True, copy=False)
    signed_by_id = fields.Many2one("res.users", string="Signed By", readonly=True, copy=False)
    signed_date = fields.Datetime(readonly=True, copy=False)
    reject_reason = fields.Text(string="Rejection Reason", readonly=True, copy=False, tracking=True)
    signature_fingerprint = fields.Char(
        string="Signed Content Fingerprint",
        readonly=True,
        copy=False,
        help="SHA-256 of the content and the files sent for signature. Checked when the "
        "chairman signs: he signs exactly what was sent to him.",
    )
    resolution_ids = fields.One2many("coop.document.resolution", "document_id", string="Resolutions")
    assignment_ids = fields.One2many("coop.document.assignment", "document_id", string="Assignments")
    acknowledgement_ids = fields.One2many(
        "coop.document.acknowledgement", "document_id", string="Acknowledgement Sheet"
    )
    acknowledger_ids = fields.Many2many(
        "res.users",
        "coop_document_acknowledger_rel",
        "document_id",
        "user_id",
        string="To Acquaint",
        help="Employees who must read the signed document.",
    )
    is_locked = fields.Boolean(compute="_compute_is_locked")
    assignment_count = fields.Integer(compute="_compute_counts")
    assignment_done_count = fields.Integer(compute="_compute_counts")
    acknowledged_count = fields.Integer(compute="_compute_counts")
    acknowledgement_count = fields.Integer(compute="_compute_counts")
    color = fields.Integer()
    # what the current user may do now (TRANSITIONS): the form's buttons read these
    can_register = fields.Boolean(compute="_compute_user_permissions")
    can_send_to_chairman = fields.Boolean(compute="_compute_user_permissions")
    can_sign = fields.Boolean(compute="_compute_user_permissions")
    can_reject = fields.Boolean(compute="_compute_user_permissions")
    can_resolve = fields.Boolean(compute="_compute_user_permissions")
    can_request_acknowledgement = fields.Boolean(compute="_compute_user_permissions")
    can_dispatch = fields.Boolean(compute="_compute_user_permissions")
    can_done = fields.Boolean(compute="_compute_user_permissions")
    my_acknowledgement_pending = fields.Boolean(compute="_compute_user_permissions")
    my_assignment_id = fields.Many2one(
        "coop.document.assignment", string="My Assignment", compute="_compute_user_permissions"
    )

    _sql_constraints = [
        ("name_uniq", "unique(name)", "The registration number must be unique."),
    ]

    # ------------------------------------------------------------------ computes
    @api.model
    def _group_expand_state(self, states, domain):
        """Only the states that hold documents, in the order of the work, the closed ones last."""
        return [state for state in KANBAN_STATE_ORDER if state in states]

    @api.depends("state")
    def _compute_is_locked(self):
        for doc in self:
            doc.is_locked = doc.state in LOCKED_STATES

    @api.depends("assignment_ids.state", "acknowledgement_ids.date_acknowledged")
    def _compute_counts(self):
        for doc in self:
            doc.assignment_count = len(doc.assignment_ids)
            doc.assignment_done_count = len(doc.assignment_ids.filtered(lambda a: a.state == "done"))
            doc.acknowledgement_count = len(doc.acknowledgement_ids)
            doc.acknowledged_count = len(doc.acknowledgement_ids.filtered("date_acknowledged"))

    @api.depends_context("uid")
    @api.depends(
        "state",
        "doc_type",
        "office_id",
        "resolution_ids.deputy_id",
        "acknowledgement_ids.date_acknowledged",
        "assignment_ids.state",
    )
    def _compute_user_permissions(self):
        user = self.env.user
        allowed = {
            action: self.env.su or any(user.has_group(group) for group in transition.groups)
            for action, transition in TRANSITIONS.items()
        }
        in_charge = self._offices_in_charge()
        for doc in self:
            for action, transition in TRANSITIONS.items():
                doc[f"can_{action}"] = (
                    allowed[action]
                    and doc.state in transition.states.get(doc.doc_type, ())
                    and doc._office_allows(action, in_charge)
                )
            doc.my_assignment_id = doc.assignment_ids.filtered(
                lambda a: a.executor_id == user and a.state != "done"
            )[:1]
            doc.my_acknowledgement_pending = bool(
                doc.acknowledgement_ids.filtered(lambda a: a.user_id == user and not a.date_acknowledged)
            )

    @api.depends_context("uid")
    def _compute_office_choice_ids(self):
        offices = self._office_choices()
        for doc in self:
            doc.office_choice_ids = offices

    @api.model
    def _office_choices(self):
        """The offices the user may file a document in: those he serves (any role), the head
        office when he serves none; any office for the document flow administrator."""
        Office = self.env["coop.docflow.office"]
        if self.env.user.has_group(GROUP_ADMIN):
            return Office.sudo().search([])
        return Office._user_offices() or Office._default_office()

    @api.model
    def _default_office_id(self):
        offices = self.env["coop.docflow.office"]._user_offices() or self.env["coop.docflow.office"]._default_office()
        return offices.id if len(offices) == 1 else False

    def _check_office_as_user(self, office_id):
        """The office the user files the document in must be one of his own."""
        if self.env.su or not office_id:
            return
        if office_id not in self._office_choices().ids:
            raise AccessError(
                self.env._(
                    "You cannot file a document in office %s: you do not serve it.",
                    self.env["coop.docflow.office"].sudo().browse(office_id).display_name,
                )
            )

    @api.depends("name", "title")
    def _compute_display_name(self):
        for doc in self:
            if doc.name:
                doc.display_name = "%s %s" % (doc.name, doc.title or "")
            else:
                doc.display_name = doc.title or self.env._("New document")

    @api.onchange("template_id")
    def _onchange_template_id(self):
        template = self.template_id
        if not template:
            return
        self.title = template.title or self.title
        self.summary = template.summary or self.summary
        self.body = template.body or self.body
        if template.medium:
            self.medium = template.medium
        self.priority = template.priority or self.priority
        if template.deadline_days:
            self.deadline = fields.Date.add(fields.Date.context_today(self), days=template.deadline_days)

    # --------------------------------------------------------------- constraints
    @api.constrains("journal_id", "office_id")
    def _check_journal_office(self):
        for doc in self.sudo():
            if doc.journal_id and doc.journal_id.office_id != doc.office_id:
                raise ValidationError(
                    self.env._(
                        "Journal %(journal)s belongs to office %(journal_office)s: document %(doc)s "
                        "of office %(office)s cannot be registered in it.",
                        journal=doc.journal_id.display_name,
                        journal_office=doc.journal_id.office_id.display_name,
                        doc=doc.display_name,
                        office=doc.office_id.display_name,
                    )
                )

    @api.constrains("deadline", "reg_date", "date_received")
    def _check_deadline(self):
        for doc in self:
            if not doc.deadline:
                continue
            start = doc.reg_date or doc.date_received
            if start and doc.deadline < start:
                raise ValidationError(
                    self.env._(
                        "The deadline %(deadline)s of %(doc)s is before its registration "
                        "or receipt date %(date)s.",
                        deadline=format_date(doc.env, doc.deadline),
                        doc=doc.display_name,
                        date=format_date(doc.env, start),
                    )
                )

    # ---------------------------------------------------------------------- CRUD
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                forbidden = set(vals) & WORKFLOW_FIELDS
                if vals.get("state", "draft") == "draft":
                    forbidden.discard("state")
                if forbidden:
                    raise AccessError(
                        self.env._("The registration number and the state are set by the workflow only.")
                    )
                self._check_targets_as_user(vals)
        for vals in vals_list:
            if not vals.get("office_id"):
                office_id = self._default_office_id()
                if not office_id:
                    raise ValidationError(
                        self.env._("Choose the office of the document: you serve several offices, or none.")
                    )
                vals["office_id"] = office_id
            self._check_office_as_user(vals["office_id"])
        docs = super().create(vals_list)
        docs._link_attachments()
        return docs

    def _check_unlocked(self, files_only=False):
        """Refuse to change the content (or, with files_only, the files) of documents waiting for
        the chairman's signature, signed or dispatched."""
        waiting = self.filtered(lambda d: d.state == "on_signature")
        if waiting:
            raise UserError(
                self.env._(
                    "Document %s is waiting for the chairman's signature: its content and "
                    "files cannot be changed until it is signed or rejected.",
                    ", ".join(waiting.mapped("display_name")),
                )
            )
        locked = self.filtered("is_locked")
        if locked:
            names = ", ".join(locked.mapped("display_name"))
            if files_only:
                raise UserError(
                    self.env._("Document %s is signed or dispatched: its files can no longer be changed.", names)
                )
            raise UserError(
                self.env._(
                    "Document %s is signed or dispatched: its content and files can no longer be changed.",
                    names,
                )
            )

    def write(self, vals):
        if not self.env.su:
            if set(vals) & WORKFLOW_FIELDS:
                raise AccessError(
                    self.env._("The registration number and the state are set by the workflow only.")
                )
            self._check_targets_as_user(vals)
        if "office_id" in vals:
            if self.filtered(lambda d: (d.name or d.state != "draft") and d.office_id.id != vals["office_id"]):
                raise UserError(self.env._("The office of a registered document cannot be changed."))
            self._check_office_as_user(vals["office_id"])
        if set(vals) & CONTENT_FIELDS:
            self._check_unlocked()
            if "doc_type" in vals and self.filtered(lambda d: d.name and d.doc_type != vals["doc_type"]):
                raise UserError(self.env._("The type of a registered document cannot be changed."))
            registered_incoming = self.filtered(lambda d: d.name and d.doc_type == "incoming")
            changed = {
                fname
                for fname in set(vals) & INCOMING_REGISTRATION_FIELDS
                for doc in registered_incoming
                if doc._fields[fname].convert_to_record(
                    doc._fields[fname].convert_to_cache(vals[fname], doc), doc
                )
                != doc[fname]
            }
            if changed:
                raise UserError(
                    self.env._(
                        "The registration data of incoming document %(doc)s cannot be changed "
                        "once it is registered: %(fields)s.",
                        doc=", ".join(registered_incoming.mapped("display_name")),
                        fields=", ".join(
                            self._fields[fname].get_description(self.env)["string"]
                            for fname in sorted(changed)
                        ),
                    )
                )
        before = None
        if "attachment_ids" in vals:
            before = {doc.id: set(doc.sudo().attachment_ids.ids) for doc in self}
        res = super().write(vals)
        if "attachment_ids" in vals:
            self._link_attachments(before)
        return res

    def unlink(self):
        if self.filtered(lambda d: d.state != "draft" or d.name):
            raise UserError(
                self.env._("Only draft documents can be deleted: a registered document stays in its journal.")
            )
        return super().unlink()

    def _link_attachments(self, before=None):
        """Attach uploaded files to the document so that they share its access rights.

        Only the caller's own loose uploads are adopted (created by them, attached to no
        other record): a file of someone else, or one attached elsewhere, is refused, so that
        linking an attachment by its id never opens it to the caller. ``before`` maps each
        document to the files it already had (not checked again).
        """
        before = before or {}
        for doc in self:
            known = before.get(doc.id, set())
            new_files = doc.sudo().attachment_ids.filtered(
                lambda a, doc=doc, known=known: a.id not in known
                and not (a.res_model == "coop.document" and a.res_id == doc.id)
            )
            loose = new_files.filtered(lambda a: not a.res_id and a.res_model in (False, "coop.document"))
            if not self.env.su:
                foreign = (new_files - loose) | loose.filtered(lambda a: a.create_uid.id != self.env.uid)
                if foreign:
                    raise AccessError(
                        self.env._(
                            "Only files you uploaded yourself, and that are not attached to "
                            "another record, can be added to a document."
                        )
                    )
            if loose.filtered("public"):
                raise UserError(self.env._("Files of documents cannot be public."))
            if loose:
                loose.write({"res_model": "coop.document", "res_id": doc.id})

    @api.model
    def _check_targets_as_user(self, vals):
        """The partners, users and templates the user links must be readable by them."""
        for fname in USER_TARGET_FIELDS:
            if fname not in vals:
                continue
            field = self._fields[fname]
            ids = self._command_ids(vals[fname])
            targets = self.env[field.comodel_name].browse(ids).exists()
            if not targets:
                continue
            try:
                targets.check_access("read")
            except AccessError:
                raise AccessError(
                    self.env._(
                        "You cannot set “%s”: you have no access to the chosen record.",
                        field.get_description(self.env)["string"],
                    )
                ) from None
            if field.comodel_name == "res.users" and targets.filtered(lambda u: u.share or not u.active):
                raise ValidationError(
                    self.env._(
                        "“%s” must be active employees (internal users).",
                        field.get_description(self.env)["string"],
                    )
                )

    @api.model
    def _command_ids(self, value):
        """Ids a many2one value or x2many commands link (new records excluded)."""
        if not value:
            return []
        if isinstance(value, int):
            return [value]
        if isinstance(value, models.BaseModel):
            return value.ids
        ids = []
        for command in value:
            if isinstance(command, int):
                ids.append(command)
            elif isinstance(command, list | tuple) and command:
                if command[0] == 6:
                    ids.extend(command[2] or [])
                elif command[0] in (1, 4) and isinstance(command[1], int):
                    ids.append(command[1])
        return ids

    def _document_files(self):
        """The files of the document: its attachments field and the files attached to it."""
        self.ensure_one()
        doc = self.sudo()
        return doc.attachment_ids | doc.env["ir.attachment"].search(
            [("res_model", "=", "coop.document"), ("res_id", "=", doc.id)]
        )

    def _signature_fingerprint(self):
        """SHA-256 of what the chairman signs: the content fields and the files' checksums."""
        self.ensure_one()
        doc = self.sudo()
        payload = {}
        for fname in SIGNED_FIELDS:
            field = doc._fields[fname]
            value = doc[fname]
            if field.type in ("many2one", "many2many", "one2many"):
                value = sorted(value.ids)
            payload[fname] = value
        payload["files"] = sorted(
            [attachment.id, attachment.name or "", attachment.checksum or "", attachment.url or ""]
            for attachment in doc._document_files()
        )
        data = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(data.encode()).hexdigest()

    def _lock_rows(self):
        """Lock the rows of the documents until the end of the transaction, then re-read them."""
        if not self:
            return
        self.flush_recordset()
        self.env.cr.execute(
            "SELECT id FROM coop_document WHERE id IN %s FOR UPDATE",
            (tuple(self.ids),),
            log_exceptions=False,
        )
        self.invalidate_recordset()

    # ------------------------------------------------------------------ helpers
    def _check_transition(self, action):
        """Refuse ``action`` unless TRANSITIONS allows it: the user's groups, then each
        document's type and state."""
        self._check_transition_groups(action)
        self._check_state(action)

    def _check_transition_groups(self, action):
        transition = TRANSITIONS[action]
        if not self.env.su and not any(self.env.user.has_group(group) for group in transition.groups):
            raise AccessError(self.env._(transition.refusal))
        self.check_access("read")
        self._check_office_role(action)

    def _offices_in_charge(self):
        """Ids of the offices the user is in charge of (secretary, deputy or chairman there or
        above); None for the superuser and the document flow administrator (every office)."""
        if self.env.su or self.env.user.has_group(GROUP_ADMIN):
            return None
        return set(
            self.env["coop.docflow.office"]._office_ids_of(
                [self.env.uid], IN_CHARGE_SQL, subtree=True
            )
        )

    def _office_allows(self, action, in_charge):
        """Whether the user's place in the document's office allows ``action`` (his groups aside)."""
        self.ensure_one()
        if self.env.su:
            return True
        user = self.env.user
        office = self.sudo().office_id
        if action in CHAIRMAN_STEPS:
            if office.chairman_id == user:
                return True
            # a deputy chairman of the office resolves the documents delegated to him
            return action == "resolve" and user in office.deputy_ids and user in self.sudo().resolution_ids.deputy_id
        return in_charge is None or office.id in in_charge

    def _check_office_role(self, action):
        in_charge = self._offices_in_charge()
        step = self.env._(TRANSITIONS[action].label)
        for doc in self:
            if doc._office_allows(action, in_charge):
                continue
            office = doc.sudo().office_id.display_name
            if action in CHAIRMAN_STEPS:
                raise AccessError(
                    self.env._(
                        "Only the chairman of %(office)s (or the deputy chairman he delegated it to) "
                        "can take the step “%(step)s” on its documents.",
                        office=office,
                        step=step,
                    )
                )
            raise AccessError(
                self.env._(
                    "Only the secretary of %(office)s or of an office above it can take the step "
                    "“%(step)s” on its documents.",
                    office=office,
                    step=step,
                )
            )

    def _check_state(self, action):
        transition = TRANSITIONS[action]
        for doc in self:
            if doc.state not in transition.states.get(doc.doc_type, ()):
                raise UserError(
                    self.env._(
                        "The step “%(step)s” is not possible for document %(doc)s (%(type)s) "
                        "in state “%(state)s”.",
                        step=self.env._(transition.label),
                        doc=doc.display_name,
                        type=selection_label(doc, "doc_type"),
                        state=selection_label(doc, "state"),
                    )
                )

    def _chairmen(self):
        """The chairmen of the documents' offices."""
        return self.sudo().office_id.chairman_id.filtered("active")

    def _notify(self, users, summary, note=None, deadline=None):
        """Post in the chatter and give each user a to-do activity on the document."""
        self.ensure_one()
        users = users.filtered(lambda u: u.active)
        doc = self.sudo()
        if users:
            doc.message_subscribe(partner_ids=users.partner_id.ids)
        doc.message_post(
            body=note or summary,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=users.partner_id.ids,
        )
        for user in users:
            doc.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=deadline or fields.Date.context_today(self),
                summary=summary,
                note=note,
                user_id=user.id,
            )

    def _close_activities(self, users=None):
        """Mark done the open activities of ``users`` (the current user by default)."""
        users = users if users is not None else self.env.user
        activities = self.sudo().activity_ids.filtered(lambda a: a.user_id in users)
        if activities:
            activities.action_feedback()

    def _check_registration_fields(self):
        for doc in self:
            missing = [
                doc._fields[fname].get_description(self.env)["string"]
                for fname in REQUIRED_BY_TYPE[doc.doc_type]
                if not doc[fname]
            ]
            if missing:
                raise ValidationError(
                    self.env._(
                        "Fill in before registering %(doc)s: %(fields)s.",
                        doc=doc.display_name,
                        fields=", ".join(missing),
                    )
                )

    # ----------------------------------------------------------------- workflow
    def action_register(self):
        """Give the document its number in the journal of its type (secretary)."""
        # the same id given twice (e.g. [[id, id]] over RPC) registers the document once
        docs = self.browse(OrderedSet(self.ids))
        docs._check_transition("register")
        docs._check_registration_fields()
        today = fields.Date.context_today(self)
        for doc in docs:
            # a concurrent registration of the same document waits here; the document it
            # registered keeps its number and is not numbered again
            doc._lock_rows()
            if doc.state != "draft" or doc.name:
                continue
            if doc.deadline and doc.deadline < today:
                raise ValidationError(
                    self.env._(
                        "The deadline %(deadline)s of %(doc)s is before the registration date %(date)s.",
                        deadline=format_date(doc.env, doc.deadline),
                        doc=doc.display_name,
                        date=format_date(doc.env, today),
                    )
                )
            journal = self.env["coop.document.journal"]._get_for(doc.office_id, doc.doc_type)
            number = journal._next_number(today)
            doc.sudo().write(
                {
                    "name": number,
                    "journal_id": journal.id,
                    "reg_date": today,
                    "registrar_id": self.env.user.id,
                    "state": "registered",
                }
            )
            doc.message_post(
                body=self.env._("Registered under number %s.", number),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_send_to_chairman(self):
        """Send a registered document to the chairman: for signature or for a resolution."""
        self._check_transition("send_to_chairman")
        for doc in self:
            chairmen = doc._chairmen()
            if not chairmen:
                raise UserError(
                    self.env._(
                        "Office %s has no chairman: name one in its settings before sending documents to him.",
                        doc.office_id.display_name,
                    )
                )
            if doc.doc_type == "incoming":
                doc.sudo().write({"state": "on_resolution", "reject_reason": False})
                summary = self.env._("Write a resolution: %s", doc.display_name)
            else:
                doc.sudo().write(
                    {
                        "state": "on_signature",
                        "reject_reason": False,
                        "signature_fingerprint": doc._signature_fingerprint(),
                    }
                )
                summary = self.env._("Sign: %s", doc.display_name)
            doc._close_activities()
            doc._notify(chairmen, summary, deadline=doc.deadline)
        return True

    def action_sign(self):
        """Sign (internal) or approve (outgoing) the document: chairman only."""
        self._check_transition("sign")
        for doc in self:
            doc._lock_rows()
            doc._check_state("sign")
            if not doc.signature_fingerprint or doc.signature_fingerprint != doc._signature_fingerprint():
                raise UserError(
                    self.env._(
                        "The content or the files of %s changed after it was sent for "
                        "signature: it cannot be signed. Reject it so that it is checked and "
                        "sent again.",
                        doc.display_name,
                    )
                )
            new_state = "signed" if doc.doc_type == "internal" else "approved"
            doc.sudo().write(
                {
                    "state": new_state,
                    "signed_by_id": self.env.user.id,
                    "signed_date": fields.Datetime.now(),
                }
            )
            doc._close_activities(doc._chairmen())
            if doc.doc_type == "internal":
                summary = self.env._(
                    "Signed: decide whether employees must be acquainted with %s", doc.display_name
                )
            else:
                summary = self.env._("Approved: dispatch %s to the recipients", doc.display_name)
            doc._notify(doc.registrar_id | doc.author_id, summary)
        return True

    def action_reject(self, reason=None):
        """Reject the document and return it to the secretary: chairman only."""
        self._check_transition("reject")
        for doc in self:
            doc.sudo().write({"state": "rejected", "reject_reason": reason or False})
            doc._close_activities(doc._chairmen())
            note = self.env._("Rejected: %s", doc.display_name)
            if reason:
                note = self.env._(
                    "Rejected: %(doc)s. Reason: %(reason)s", doc=doc.display_name, reason=reason
                )
            doc._notify(doc.registrar_id | doc.author_id, self.env._("Rejected: %s", doc.display_name), note)
        return True

    def action_open_reject_wizard(self):
        """Ask the chairman for the reason of the rejection."""
        self.ensure_one()
        self._check_transition("reject")
        return self.env["coop.document.reject.wizard"]._get_records_action(
            name=self.env._("Reject"), target="new", context={"default_document_id": self.id}
        )

    def _check_can_resolve(self):
        action = "resolve"
        self._check_transition_groups(action)
        self._check_state(action)

    def action_add_resolution(self):
        """Open the resolution wizard (chairman, or the deputy the document is delegated to)."""
        self.ensure_one()
        self._check_can_resolve()
        return self.env["coop.document.resolution.wizard"]._get_records_action(
            name=self.env._("Resolution"),
            target="new",
            context={
                "default_document_id": self.id,
                "default_priority": self.priority,
                "default_deadline": self.deadline,
            },
        )

    def _add_resolution(self, text, deadline=False, priority="0", executors=None, deputy=None):
        """Record a resolution: assignments for the executors, or delegation to the deputy."""
        self.ensure_one()
        self.check_access("read")
        self._check_can_resolve()
        executors = executors or self.env["res.users"]
        deputy = deputy or self.env["res.users"]
        if (executors | deputy).filtered(lambda u: not u.active):
            raise ValidationError(self.env._("Executors and the deputy chairman must be active users."))
        if not self.env.su:
            try:
                (executors | deputy).check_access("read")
            except AccessError:
                raise AccessError(
                    self.env._(
                        "You cannot set “%s”: you have no access to the chosen record.",
                        self.env._("Executors"),
                    )
                ) from None
        if not (text or "").strip():
            raise ValidationError(self.env._("Write the text of the resolution."))
        if bool(executors) == bool(deputy):
            raise ValidationError(
                self.env._("Name either the executors or the deputy chairman who will name them, not both.")
            )
        today = fields.Date.context_today(self)
        if deadline and deadline < max(today, self.reg_date or today):
            raise ValidationError(self.env._("The deadline of the resolution cannot be in the past."))
        if deputy:
            office = self.sudo().office_id
            if not self.env.su and office.chairman_id != self.env.user:
                raise AccessError(self.env._("Only the chairman can delegate a document to the deputy."))
            if deputy not in office.deputy_ids or deputy == office.chairman_id:
                raise ValidationError(
                    self.env._("%(user)s is not a deputy chairman of %(office)s.", user=deputy.name, office=office.display_name)
                )
        if executors.filtered("share"):
            raise ValidationError(self.env._("Executors must be employees (internal users)."))
        resolution = (
            self.env["coop.document.resolution"]
            .sudo()
            .create(
                {
                    "document_id": self.id,
                    "author_id": self.env.user.id,
                    "text": text,
                    "deadline": deadline,
                    "priority": priority or "0",
                    "executor_ids": [(6, 0, executors.ids)],
                    "deputy_id": deputy.id,
                }
            )
        )
        doc = self.sudo()
        doc.write({"priority": priority or doc.priority, "deadline": deadline or doc.deadline})
        self._close_activities()
        if deputy:
            doc._notify(
                deputy,
                self.env._("Name the executors: %s", self.display_name),
                self.env._("Resolution of %(author)s: %(text)s", author=self.env.user.name, text=text),
                deadline=deadline,
            )
            return resolution
        self.env["coop.document.assignment"].sudo().create(
            [
                {
                    "document_id": self.id,
                    "resolution_id": resolution.id,
                    "executor_id": user.id,
                    "deadline": deadline,
                }
                for user in executors
            ]
        )
        doc.write({"state": "in_execution"})
        doc._notify(
            executors,
            self.env._("Execute: %s", self.display_name),
            self.env._("Resolution of %(author)s: %(text)s", author=self.env.user.name, text=text),
            deadline=deadline,
        )
        return resolution

    def action_request_acknowledgement(self, user_ids=None):
        """Ask employees to read the signed internal document (secretary)."""
        self._check_transition("request_acknowledgement")
        for doc in self:
            users = self.env["res.users"].browse(user_ids).exists() if user_ids else doc.acknowledger_ids
            users -= doc.acknowledgement_ids.user_id
            users = users.filtered(lambda u: u.active and not u.share)
            if not users and doc.state == "signed":
                raise UserError(self.env._("Choose the employees who must be acquainted with the document."))
            self.env["coop.document.acknowledgement"].sudo().create(
                [{"document_id": doc.id, "user_id": user.id} for user in users]
            )
            doc.sudo().write({"state": "acknowledgement"})
            doc._close_activities()
            doc._notify(users, self.env._("Acquaint yourself with %s", doc.display_name))
        return True

    def action_dispatch(self, dispatch_method=None, dispatch_date=None):
        """Send the approved outgoing document to its recipients (secretary)."""
        self._check_transition("dispatch")
        if dispatch_method and dispatch_method not in dict(DISPATCH_METHODS):
            raise UserError(self.env._("Unknown dispatch method: %s.", dispatch_method))
        for doc in self:
            method = dispatch_method or doc.dispatch_method
            if not method:
                raise UserError(self.env._("Choose how %s is dispatched.", doc.display_name))
            date = fields.Date.to_date(dispatch_date) or doc.dispatch_date or fields.Date.context_today(self)
            if doc.reg_date and date < doc.reg_date:
                raise ValidationError(self.env._("The dispatch date cannot be before the registration date."))
            doc.sudo().write({"state": "dispatched", "dispatch_method": method, "dispatch_date": date})
            doc._close_activities()
            doc.message_post(
                body=self.env._(
                    "Dispatched (%(method)s) on %(date)s.",
                    method=selection_label(doc, "dispatch_method", method),
                    date=format_date(self.env, date),
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_done(self):
        """File the finished document (secretary)."""
        self._check_transition("done")
        for doc in self:
            doc.sudo().write({"state": "done"})
            doc._close_activities()
            doc.message_post(
                body=self.env._("Document filed."), message_type="comment", subtype_xmlid="mail.mt_note"
            )
        return True

    def action_open_my_assignment(self):
        """Open the current user's assignment on the document, to report on it."""
        self.ensure_one()
        self.check_access("read")
        if not self.my_assignment_id:
            raise UserError(self.env._("You have no open assignment on this document."))
        return self.my_assignment_id._get_records_action(name=self.env._("My Assignment"))

    def action_acknowledge_mine(self):
        """Acknowledge the document for the current user (button of the document form)."""
        self.check_access("read")
        lines = self.acknowledgement_ids.filtered(
            lambda a: a.user_id == self.env.user and not a.date_acknowledged
        )
        if not lines:
            raise UserError(self.env._("You have nothing to acknowledge on this document."))
        return lines.action_acknowledge()

    def _check_all_executed(self):
        """Executed once every assignment is done (called after an assignment is done)."""
        for doc in self.sudo():
            if doc.state == "in_execution" and all(a.state == "done" for a in doc.assignment_ids):
                doc.write({"state": "executed"})
                doc._notify(doc.registrar_id, self.env._("Executed: file %s", doc.display_name))

    def _check_all_acknowledged(self):
        for doc in self.sudo():
            if doc.state == "acknowledgement" and all(a.date_acknowledged for a in doc.acknowledgement_ids):
                doc.write({"state": "done"})
                doc.message_post(
                    body=self.env._("Every employee on the acknowledgement sheet has read the document."),
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                )
