"""The access matrix of coop_base, for union staff: every model a union staff user (of a
primary organisation) can read through the groups the union gives him, beyond what any
employee reads, is scoped by a record rule or reviewed here with a reason."""

from odoo.addons.coop_base.tests import test_access_matrix as matrix
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase

# Reviewed: readable by every union staff user, on purpose.
UNION_STAFF_ALLOWED = {
    "coop.union.industry": "industries of the registry, a shared vocabulary",
    "coop.union.category": "member categories, a shared vocabulary",
    "coop.union.award.type": "kinds of awards, a shared vocabulary",
    "mailing.subscription.optout": "reasons to unsubscribe, a shared vocabulary",
    "ir.model": "names of the models a mailing may target (e-mail marketing needs them)",
    "coop.union.organization": "the organisation tree is read by all union staff; rules limit writing to the subtree",
    "coop.union.appeal.type": "kinds of appeals and their answer deadlines, a shared vocabulary",
    "ir.exports": "saved lists of fields to export (field names only)",
    "ir.mail_server": "outgoing mail servers a mailing may use; their passwords are for administrators only",
}


@tagged("post_install", "-at_install")
class TestUnionStaffAccessMatrix(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff = new_test_user(cls.env, login="matrix_union_staff", groups="coop_union.group_union_user")

    def test_every_model_union_staff_read_is_scoped_or_reviewed(self):
        self.assertTrue(self.staff.has_group("mass_mailing.group_mass_mailing_user"))
        allowed = {**matrix.EMPLOYEE_ALLOWED, **UNION_STAFF_ALLOWED}
        missing = matrix.TestAccessMatrix._unscoped(self, self.staff, allowed)
        self.assertFalse(
            missing,
            "Union staff can read these models and no record rule scopes them: %s. Add a rule for "
            "coop_union.group_union_user, or review them in UNION_STAFF_ALLOWED." % ", ".join(missing),
        )

    def test_matrix_sees_a_model_without_rule(self):
        """Not blind: the mailing lists are found unscoped once their rules are gone."""
        rules = self.env["ir.rule"].search([("model_id.model", "=", "mailing.list")])
        rules.active = False
        self.assertIn("mailing.list", matrix.TestAccessMatrix._unscoped(self, self.staff, {}))

    _scoped_by_rules = matrix.TestAccessMatrix._scoped_by_rules
