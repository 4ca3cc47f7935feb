"""Every public method of our models (and of our extensions of stock and OCA models) is an RPC
endpoint. Called by a portal user, or by an employee with no coop group, on a record he cannot
read (on the empty model for ``@api.model`` methods), it must refuse: raise an access, user or
validation error, before touching anything that a rollback does not undo (a number taken from a
sequence, a commit).

What to do when this test fails for a method:
- make it check the caller's rights before any ``sudo()`` (``check_access``, ``has_access``,
  ``_filtered_access``), or make it private (leading ``_`` or ``@api.private``);
- if it fails with a TypeError, give it arguments in ``ARGS``;
- if it is genuinely harmless for anyone (it works as the user, without sudo, and reads nothing
  he may not read), add it to ``SAFE`` with a one-line reason;
- if the model has no record to call it on, add a record factory to ``RECORDS``.
"""

import inspect

from odoo import api, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase

REFUSALS = (AccessError, UserError, ValidationError)

# (model, method) or (model, method, "portal"|"employee"): reason
SAFE = {
    ("coop.document.journal.report.wizard", "action_print_pdf"):
        "returns the report action of the caller's own wizard; the report renders as the caller",
    ("coop.document.journal.report.wizard", "action_export_xlsx"):
        "returns the report action of the caller's own wizard; the report renders as the caller",
    ("coop.docflow.office", "action_open_documents"):
        "returns a window action on the office's documents; they open as the caller, filtered by the rules",
    ("coop.servicedesk.article", "search_published"):
        "searches as the caller: only the published articles he may read",
    ("coop.servicedesk.template", "action_view_tickets"):
        "returns a window action filtered on the template; the tickets open as the caller",
    ("res.partner", "autocomplete_by_vat", "employee"):
        "staff only (portal users are refused); returns nothing while Odoo's online service is off",
    ("report.coop_docflow.document_journal_xlsx", "generate_xlsx_report"):
        "needs an xlsxwriter workbook object: over RPC its JSON arguments fail before anything is read",
    ("report.coop_union.award_xlsx", "generate_xlsx_report"):
        "needs an xlsxwriter workbook object: over RPC its JSON arguments fail before anything is read",
}

# (model, method): (args, kwargs), or a function(env) returning them, when the placeholders
# derived from the signature do not fit
ARGS = {
    ("coop.telegram.bridge", "outbox_ack"): ([[{"id": 1, "ok": True}]], {}),
    ("coop.telegram.bridge", "create_ticket"): (["1", 1, 1, "x", 1], {}),
    # coop_union_telegram: arguments a real appeal would have, so that only the caller is refused
    ("coop.telegram.bridge", "create_appeal"): (["1", "x", "x", True, "x"], {}),
    ("helpdesk.ticket", "message_new"): ([{"subject": "x", "body": "x", "email_from": "a@example.com"}], {}),
    # the addressees of the mail (here an existing contact) are subscribed to the ticket
    ("helpdesk.ticket", "message_update"): lambda env: ([{
        "subject": "x", "body": "x", "email_from": "a@example.com",
        "to": env["res.partner"].sudo().search([("email", "!=", False)], limit=1).email,
    }], {}),
    ("res.partner", "autocomplete_by_vat"): (["RU7707083893", False], {}),
}

# placeholders by argument name
PLACEHOLDERS = {
    "chat_id": "1",
    "code": "123456",
    "email": "nobody@example.com",
    "query": "x",
    "number": "1",
    "worker": "test-worker",
    "description": "x",
    "results": [],
    "msg": {},
    "vals": {},
    "values": {},
    "domain": [],
    "report": "x",
    "reason": "x",
}


def _placeholder(name, record_id):
    if name in PLACEHOLDERS:
        return PLACEHOLDERS[name]
    if name == "ids" or name.endswith("_ids"):
        return [record_id or 1]
    if name.endswith("_id"):
        return record_id or 1
    return False


def _any(env, model_name, domain=None):
    return env[model_name].sudo().search(domain or [], limit=1)


# model: function(env) -> record created as superuser, for models with no record to test on
RECORDS = {
    "coop.crm.project.create": lambda env: env["coop.crm.project.create"].sudo().create({
        "lead_id": _any(env, "crm.lead").id, "name": "x",
        "partner_id": _any(env, "res.partner", [("is_company", "=", True)]).id,
        "team_id": _any(env, "crm.team").id, "user_id": env.ref("base.user_admin").id,
        "secretary_id": env.ref("base.user_admin").id,
    }),
    "coop.circle.meeting": lambda env: env["coop.circle.meeting"].sudo().create({
        "circle_id": _any(env, "coop.circle").id, "start": "2026-01-12 09:00:00",
    }),
    "coop.circle.meeting.item": lambda env: env["coop.circle.meeting.item"].sudo().create({
        "meeting_id": env["coop.circle.meeting"].sudo().create({
            "circle_id": _any(env, "coop.circle").id, "start": "2026-01-12 09:00:00",
        }).id,
        "name": "x",
    }),
    "coop.meeting.consent.wizard": lambda env: env["coop.meeting.consent.wizard"].sudo().create({
        "meeting_id": env["coop.circle.meeting"].sudo().create({
            "circle_id": _any(env, "coop.circle").id, "start": "2026-01-12 09:00:00",
        }).id,
        "agreement_id": _any(env, "coop.agreement").id,
    }),
    "coop.role.election": lambda env: env["coop.role.election"].sudo().create({
        "role_id": _any(env, "coop.role").id,
    }),
    "coop.document.reject.wizard": lambda env: env["coop.document.reject.wizard"].sudo().create({
        "document_id": _any(env, "coop.document").id, "reason": "x",
    }),
    "coop.servicedesk.client.report": lambda env: env["coop.servicedesk.client.report"].sudo().create({
        "partner_id": _any(env, "res.partner", [("is_company", "=", True)]).id,
    }),
    "coop.sms.gateway": lambda env: env["coop.sms.gateway"].sudo().create({"name": "Test gateway"}),
    "coop.telegram.link": lambda env: env["coop.telegram.link"].sudo().create({
        "partner_id": _any(env, "res.partner", [("is_company", "=", False)]).id,
    }),
    "coop.telegram.ticket.request": lambda env: env["coop.telegram.ticket.request"].sudo().create({
        "number": "x", "request_uid": "public-methods-test", "state": "failed",
        "partner_id": _any(env, "res.partner", [("is_company", "=", False)]).id,
        "team_id": _any(env, "helpdesk.ticket.team").id,
    }),
    "coop.servicedesk.article.answer": lambda env: env["coop.servicedesk.article.answer"].sudo().create({
        "ticket_id": _any(env, "helpdesk.ticket").id,
    }),
    "helpdesk.ticket.merge": lambda env: env["helpdesk.ticket.merge"].sudo().with_context(
        active_ids=_any(env, "helpdesk.ticket").ids, active_model="helpdesk.ticket",
    ).create({"dst_ticket_id": _any(env, "helpdesk.ticket").id}),
    "sms.sms": lambda env: env["sms.sms"].sudo().create({"number": "+79000000000", "body": "x"}),
}


def public_coop_methods(env):
    """(model, method name, module, is @api.model) of every public method defined in a coop
    class, not private, not one of BaseModel's (create, write, read... are covered by the access
    rights and rules)."""
    base_names = set(dir(models.BaseModel))
    found = []
    for model_name in sorted(env.registry.models):
        cls = type(env[model_name])
        seen = set()
        for klass in cls.__mro__:
            module = getattr(klass, "__module__", "") or ""
            if not module.startswith("odoo.addons.coop_"):
                continue
            for name, func in vars(klass).items():
                if name.startswith("_") or name in seen or name in base_names or not callable(func):
                    continue
                seen.add(name)
                final = getattr(cls, name)
                if getattr(final, "_api_private", False):
                    continue
                found.append((model_name, name, module.split(".")[2], getattr(final, "_api", None) == "model"))
    return found


@tagged("post_install", "-at_install")
class TestPublicMethods(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(cls.env, login="public_methods_portal", groups="base.group_portal")
        cls.employee = new_test_user(cls.env, login="public_methods_employee", groups="base.group_user")
        cls.factory_errors = {}

    def _unreadable_record(self, model_name, user):
        Model = self.env[model_name].sudo().with_context(active_test=False)
        if Model._abstract:
            return Model.browse()
        records = Model.search([], limit=300, order="id desc")
        if not records and model_name in RECORDS:
            try:
                with self.env.cr.savepoint():
                    records = RECORDS[model_name](self.env)
            except Exception as error:  # noqa: BLE001 - reported by the caller as "no record"
                self.factory_errors[model_name] = f"{type(error).__name__}: {error}"
                records = Model.browse()
        if not records and Model._transient:
            try:
                with self.env.cr.savepoint():
                    records = Model.create({})
            except Exception:  # noqa: BLE001 - a wizard that needs values: RECORDS
                records = Model.browse()
        readable = records.with_user(user)._filtered_access("read")
        forbidden = records - readable.sudo()
        return forbidden[:1]

    def _sequences(self):
        self.env["ir.sequence"].invalidate_model(["number_next_actual"])
        return {
            seq.code or seq.name: seq.number_next_actual for seq in self.env["ir.sequence"].sudo().search([])
        }

    def _call(self, user, model_name, method_name, is_model):
        """Return None when the call was refused properly, else a description of the problem."""
        if is_model:
            target = self.env[model_name].with_user(user)
            record_id = False
        else:
            record = self._unreadable_record(model_name, user)
            if not record:
                if user == self.employee:
                    return None
                error = self.factory_errors.get(model_name, "")
                return f"no record to call it on: add one to RECORDS {error}".strip()
            target = record.with_user(user).with_context(active_id=record.id, active_ids=record.ids,
                                                       active_model=model_name)
            record_id = record.id
        method = getattr(target, method_name)
        if (model_name, method_name) in ARGS:
            entry = ARGS[model_name, method_name]
            args, kwargs = entry(self.env) if callable(entry) else entry
        else:
            params = [
                p for p in list(inspect.signature(method).parameters.values())
                if p.default is inspect.Parameter.empty
                and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
            ]
            args, kwargs = [_placeholder(p.name, record_id) for p in params], {}
        sequences = self._sequences()
        try:
            with self.env.cr.savepoint():
                method(*args, **kwargs)
        except REFUSALS:
            moved = sorted(code for code, number in self._sequences().items() if sequences.get(code) != number)
            if moved:
                return f"refused, but only after taking a number from a sequence: {', '.join(moved)}"
            return None
        except TypeError as error:
            return f"TypeError (give it arguments in ARGS): {error}"
        except Exception as error:  # noqa: BLE001 - any other failure is reported, not a refusal
            return f"{type(error).__name__} instead of a refusal: {error}"
        finally:
            self.env.invalidate_all()
        if is_model:
            return "no refusal: it ran for a user without rights on the model"
        return "no refusal: it ran for a user who may not read the record"

    def test_public_methods_refuse_callers_without_rights(self):
        methods = public_coop_methods(self.env)
        self.assertTrue(methods, "the enumeration finds our public methods")
        problems = []
        for model_name, method_name, module, is_model in methods:
            for who, user in (("portal", self.portal), ("employee", self.employee)):
                if {(model_name, method_name), (model_name, method_name, who)} & set(SAFE):
                    continue
                problem = self._call(user, model_name, method_name, is_model)
                if problem:
                    problems.append(f"{module}: {model_name}.{method_name} as {who}: {problem}")
        self.assertFalse(problems, "Public methods that do not refuse:\n" + "\n".join(problems))

    def test_public_methods_enumeration_sees_our_methods(self):
        """The enumeration is not blind: it finds a known public method, skips private ones."""
        names = {(m, n) for m, n, _module, _is_model in public_coop_methods(self.env)}
        self.assertIn(("res.partner", "autocomplete_by_vat"), names)
        self.assertFalse([n for _m, n in names if n.startswith("_")])
        self.assertNotIn(("res.partner", "write"), names)

        # the enumeration skips methods carrying the mark that @api.private sets
        class Probe:
            @api.private
            def action_probe(self):
                return True

        self.assertTrue(getattr(Probe.action_probe, "_api_private", False))
