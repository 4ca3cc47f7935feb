"""Access matrix: every model a portal user or a plain employee may read is scoped.

For every model of the registry that a portal user or an employee with no coop group can read
through its access rights (ir.model.access), either a record rule restricts what they read (a
global rule, or a rule of one of their groups, that is not ``[(1, '=', 1)]``), or the model is
scoped in Python (``_check_access``/``_search``, as ``mail.message``), or it is on the reviewed
allow-lists below with a one-line reason. A new model, or a new module opening a table to these
users, fails this test until someone decides which.

Not checked: abstract models (no table) and transient models (wizards), which coop_base
restricts to the user who created them (see ``models/base.py``;
``test_transient_records_visible_to_their_creator_only``).
"""

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase
from odoo.tools.safe_eval import safe_eval

# Models whose records are filtered in Python (``_check_access`` and ``_search``), which a
# record rule cannot express ("visible when the record it belongs to is readable").
PYTHON_SCOPED = {
    "mail.message": "Odoo: author, recipients, or readers of the document it is posted on",
    "mail.activity": "Odoo: assignee or readers of the document it is scheduled on",
    "mail.scheduled.message": "Odoo: author, or writers of the document it will be posted on",
    "ir.attachment": "Odoo: readers of the document it is attached to (public files aside)",
    "mail.followers": "coop_base: the follower himself or readers of the followed record",
    "mail.notification": "coop_base: recipient, author, or (employees) readers of the message",
    "calendar.attendee": "coop_base: the attendee himself or readers of the event",
    "calendar.recurrence": "coop_base: readers of one of its events",
    "rating.rating": "coop_base: the rating partner or readers of the rated record",
    "snailmail.letter": "coop_base: its sender or readers of the document it was sent for",
}

# Reviewed: readable by every employee without a coop group, on purpose.
EMPLOYEE_ALLOWED = {
    # reference data
    "res.country": "public reference data",
    "res.country.group": "public reference data",
    "res.country.state": "public reference data",
    "res.currency": "public reference data",
    "res.lang": "installed languages",
    "res.bank": "public directory of banks",
    "res.partner.category": "contact tags, a shared vocabulary",
    "res.partner.industry": "industries, a shared vocabulary",
    "res.partner.title": "titles (Mr, Mrs...)",
    "uom.category": "units of measure",
    "uom.uom": "units of measure",
    "iap.service": "catalogue of Odoo's online services",
    "calendar.alarm": "reminder kinds (15 minutes before...)",
    "calendar.event.type": "meeting tags",
    "calendar.event": "Odoo: employees see the non-private events (Odoo's rule hides private ones); circle meetings are open",
    "crm.lost.reason": "lost reasons, a shared vocabulary",
    "crm.stage": "pipeline stages",
    "crm.team.member": "who works in which sales team (users only)",
    "project.tags": "project tags, a shared vocabulary",
    "hr.employee.category": "employee tags",
    "hr.work.location": "office locations",
    "hr.skill": "skill catalogue",
    "hr.skill.level": "skill catalogue",
    "hr.skill.type": "skill catalogue",
    "hr.resume.line.type": "resume section kinds",
    "hr.employee.skill": "skills are public on the employee profile in Odoo's hr_skills",
    "hr.employee.skill.log": "skill levels are public on the employee profile in Odoo's hr_skills",
    "hr.resume.line": "the resume is public on the employee profile in Odoo's hr_skills",
    "resource.calendar": "working schedules",
    "resource.calendar.attendance": "working schedules",
    "utm.campaign": "marketing campaign names",
    "utm.medium": "marketing channels",
    "utm.source": "marketing sources",
    "utm.stage": "campaign stages",
    "utm.tag": "campaign tags",
    "link.tracker": "short links of mailings and their target urls",
    "link.tracker.code": "codes of short links",
    # configuration and metadata the web client needs
    "base_import.mapping": "column-to-field mappings of imports",
    "bus.presence": "online status shown in Discuss",
    "digest.digest": "KPI digest definitions",
    "digest.tip": "tips shown in digests",
    "ir.actions.report": "report definitions",
    "ir.default": "default field values (read by Odoo as superuser)",
    "ir.embedded.actions": "action buttons of views",
    "ir.exports.line": "saved export field lists",
    "ir.module.category": "application categories",
    "ir.module.module": "installed modules",
    "ir.sequence": "numbering sequences",
    "ir.sequence.date_range": "numbering sequences",
    "ir.ui.menu": "menus, filtered by group in Python",
    "mail.activity.plan": "activity plans",
    "mail.activity.plan.template": "activity plans",
    "mail.activity.type": "activity kinds",
    "mail.alias": "email aliases of the company",
    "mail.alias.domain": "email domains of the company",
    "mail.guest": "guests of Discuss channels (their access token is for administrators only)",
    "mail.message.subtype": "message kinds",
    "mail.template": "email templates",
    "sms.template": "SMS templates",
    "report.layout": "document layouts",
    "report.paperformat": "paper formats",
    "res.groups": "access groups",
    "res.partner.autocomplete.sync": "deprecated enrichment queue, never filled in Odoo 18",
    "web_tour.tour": "guided tours",
    "web_tour.tour.step": "guided tours",
    # coop: open structure and configuration (Sociocracy 3.0: circles, roles and agreements
    # are visible to every member; journals, templates and rules are configuration)
    "coop.circle": "open structure: every member sees the circles",
    "coop.role": "open structure: every member sees the roles",
    "coop.role.assignment": "open structure: every member sees who holds which role",
    "coop.agreement": "agreements decided by consent are public to the members",
    "coop.agreement.objection": "objections are part of the public consent record",
    "coop.agreement.answer": "who consented, objected or stood aside is the public consent record",
    "coop.circle.tension": "tensions are raised openly to the circle (S3 transparency)",
    "coop.circle.meeting": "meetings, their agenda and minutes are open to every member",
    "coop.circle.meeting.item": "agenda items of the open meetings",
    "coop.circle.meeting.action": "actions agreed in the open meetings",
    "coop.circle.decision": "the decision registers of the circles and the council are public to the members",
    "coop.role.election": "elections are open: every member sees the role to fill and its state",
    "coop.role.election.nomination": "S3 selection: nominations and their reasons are visible to all",
    "coop.process": "process specifications are public to the members",
    "coop.process.kpi": "process indicators are public to the members",
    "coop.document.journal": "registration journals (configuration)",
    "coop.document.template": "document templates (configuration)",
    "coop.servicedesk.template": "request templates offered when filing a ticket (configuration)",
    "coop.servicedesk.assign.rule": "assignment rules of the service desk (configuration)",
}

# Reviewed: readable by every portal user, on purpose.
PORTAL_ALLOWED = {
    "res.country": "public reference data",
    "res.country.group": "public reference data",
    "res.country.state": "public reference data",
    "res.currency": "public reference data",
    "res.lang": "installed languages",
    "project.tags": "project tags shown on the portal",
    "coop.union.appeal.type": "types of the union's appeals and their response deadlines (configuration)",
    "res.partner.autocomplete.sync": "deprecated enrichment queue, never filled in Odoo 18",
}

TRUE_DOMAINS = ([], [(1, "=", 1)], [("1", "=", 1)])


@tagged("post_install", "-at_install")
class TestAccessMatrix(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employee = new_test_user(cls.env, login="matrix_employee", groups="base.group_user")
        cls.portal = new_test_user(cls.env, login="matrix_portal", groups="base.group_portal")

    def _scoped_by_rules(self, user, model_name, seen=None):
        """Whether a record rule restricts what ``user`` reads of ``model_name``."""
        Rule = self.env["ir.rule"].with_user(user)
        eval_context = Rule._eval_context()
        rules = Rule._get_rules(model_name, mode="read").sudo()
        user_groups = user.groups_id
        trivial_group_rule = False
        group_rules = global_rules = 0
        for rule in rules:
            domain = safe_eval(rule.domain_force, eval_context) if rule.domain_force else []
            trivial = domain in TRUE_DOMAINS
            if not rule.groups:
                global_rules += not trivial
            elif rule.groups & user_groups:
                group_rules += 1
                trivial_group_rule |= trivial
        if global_rules or (group_rules and not trivial_group_rule):
            return True
        seen = (seen or set()) | {model_name}
        return any(
            self._scoped_by_rules(user, parent, seen)
            for parent in self.env[model_name]._inherits
            if parent not in seen
        )

    def _unscoped(self, user, allowed):
        missing = []
        Access = self.env["ir.model.access"].with_user(user)
        for model_name in sorted(self.env.registry.models):
            model = self.env[model_name]
            if model._abstract or model._transient:
                continue
            if not Access.check(model_name, "read", raise_exception=False):
                continue
            if model_name in PYTHON_SCOPED or model_name in allowed:
                continue
            if not self._scoped_by_rules(user, model_name):
                missing.append(model_name)
        return missing

    def _fail_message(self, who, models, list_name):
        return (
            f"{who} can read these models and no record rule scopes them: {', '.join(models)}.\n"
            f"For each, add a record rule (ir.rule with perm_read, global or for base.group_user / "
            f"base.group_portal) in the addon that brings it (coop_base for stock and OCA models), or, "
            f"if every record is meant for every such user, add it to {list_name} in "
            f"addons/coop_base/tests/test_access_matrix.py with a one-line reason."
        )

    def test_matrix_every_model_readable_by_employee_is_scoped_or_reviewed(self):
        missing = self._unscoped(self.employee, EMPLOYEE_ALLOWED)
        self.assertFalse(missing, self._fail_message("An employee with no coop group", missing, "EMPLOYEE_ALLOWED"))

    def test_matrix_every_model_readable_by_portal_is_scoped_or_reviewed(self):
        missing = self._unscoped(self.portal, PORTAL_ALLOWED)
        self.assertFalse(missing, self._fail_message("A portal user", missing, "PORTAL_ALLOWED"))

    def test_matrix_detects_an_unscoped_model(self):
        """The matrix is not blind: a model opened without a rule shows up, a rule hides it."""
        model = self.env["ir.model"]._get("res.partner.industry")
        self.assertIn("res.partner.industry", self._unscoped(self.employee, {}))
        self.env["ir.rule"].create({
            "name": "test: industries of my company",
            "model_id": model.id,
            "domain_force": "[('full_name', '!=', False)]",
            "groups": [(4, self.env.ref("base.group_user").id)],
        })
        self.assertNotIn("res.partner.industry", self._unscoped(self.employee, {}))

    def test_transient_records_visible_to_their_creator_only(self):
        other = new_test_user(self.env, login="matrix_other", groups="base.group_user")
        partner = self.env["res.partner"].create({"name": "Invited"})
        Wizard = self.env["mail.wizard.invite"]
        theirs = Wizard.with_user(other).create({
            "res_model": "res.partner", "res_id": partner.id, "message": "<p>Private words</p>",
        })
        mine = Wizard.with_user(self.employee).create({"res_model": "res.partner", "res_id": partner.id})
        found = Wizard.with_user(self.employee).search([])
        self.assertIn(mine, found)
        self.assertNotIn(theirs, found)
        with self.assertRaises(AccessError):
            theirs.with_user(self.employee).read(["message"])
        with self.assertRaises(AccessError):
            theirs.with_user(self.employee).write({"message": "<p>changed</p>"})
        self.assertEqual(theirs.with_user(other).read(["message"])[0]["message"], "<p>Private words</p>")
        self.assertEqual(mine.with_user(self.employee).read(["res_id"])[0]["res_id"], partner.id)
