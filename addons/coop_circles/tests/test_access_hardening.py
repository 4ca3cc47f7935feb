from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import CoopCirclesCase


@tagged("post_install", "-at_install")
class TestAccessHardening(CoopCirclesCase):
    """A coordinator or team lead of one circle cannot move roles or people into another circle."""

    def _assignment(self, role, user):
        return self.Assignment.search([("role_id", "=", role.id), ("user_id", "=", user.id)])

    def test_C2_coordinator_cannot_move_role_into_other_circle(self):
        self.assertNotIn(self.user_coord, self.other_circle.member_ids)
        role = self.Role.with_user(self.user_coord).create({"name": "Spy", "circle_id": self.circle.id})
        self.Assignment.with_user(self.user_coord).create({"role_id": role.id, "user_id": self.user_coord.id})
        with self.assertRaises(UserError):
            role.with_user(self.user_coord).write({"circle_id": self.other_circle.id})
        with self.assertRaises(UserError):
            self.role.with_user(self.user_lead).write({"circle_id": self.other_circle.id})
        self.assertEqual(role.circle_id, self.circle)
        self.assertNotIn(self.user_coord, self.other_circle.member_ids)
        # Even a coordinator of both circles does not move a role: only an administrator does.
        self.other_circle.coordinator_id = self.user_coord
        with self.assertRaises(UserError):
            role.with_user(self.user_coord).write({"circle_id": self.other_circle.id})
        # Rewriting the same circle is no move.
        role.with_user(self.user_coord).write({"circle_id": self.circle.id, "purpose": "Watch"})
        self.assertEqual(role.purpose, "Watch")

    def test_C2_coordinator_cannot_move_assignment_into_other_circle(self):
        assignment = self._assignment(self.role, self.user_member)
        coordinator_seat = self.structural(self.other_circle, "coordinator")
        own_seat = self.structural(self.circle, "coordinator").assignment_ids.filtered("is_current")
        self.assertEqual(own_seat.user_id, self.user_coord)
        for user, rec, target in (
            (self.user_coord, assignment, self.other_role),
            (self.user_lead, assignment, self.other_role),
            # the structural seat of the other circle
            (self.user_coord, own_seat, coordinator_seat),
        ):
            with self.assertRaises(UserError):
                rec.with_user(user).write({"role_id": target.id})
        with self.assertRaises(UserError):
            assignment.with_user(self.user_coord).write({"circle_id": self.other_circle.id})
        self.assertEqual(assignment.circle_id, self.circle)
        self.assertEqual(own_seat.role_id.circle_id, self.circle)
        self.assertFalse(self.other_circle.coordinator_id)
        self.assertNotIn(self.user_member, self.other_circle.member_ids)
        self.assertNotIn(self.user_coord, self.other_circle.member_ids)
        # Nor create one there.
        with self.assertRaises(AccessError):
            self.Assignment.with_user(self.user_coord).create(
                {"role_id": coordinator_seat.id, "user_id": self.user_coord.id}
            )
        self.assertFalse(self.other_circle.coordinator_id)

    def test_C2_coordinator_cannot_approve_by_writing_the_state(self):
        team_lead = self.structural(self.circle, "team_lead")
        with self.assertRaises(UserError):
            self.Assignment.with_user(self.user_coord).create(
                {"role_id": team_lead.id, "user_id": self.user_member.id, "approval_state": "approved"}
            )
        pending = self.Assignment.with_user(self.user_coord).create(
            {
                "role_id": team_lead.id,
                "user_id": self.user_member.id,
                "date_start": self.today + timedelta(days=400),
            }
        )
        self.assertEqual(pending.approval_state, "to_approve")
        with self.assertRaises(UserError):
            pending.with_user(self.user_coord).write({"approval_state": "approved"})
        with self.assertRaises(UserError):
            team_lead.with_user(self.user_coord).write({"needs_approval": False})
        self.assertTrue(team_lead.needs_approval)
        self.assertEqual(pending.approval_state, "to_approve")
        # The chairman approves through the button.
        pending.with_user(self.user_chair).action_approve()
        self.assertEqual(pending.approval_state, "approved")

    def test_C2_coordinator_cannot_make_a_chairman(self):
        role = self.Role.with_user(self.user_coord).create({"name": "Boss", "circle_id": self.circle.id})
        with self.assertRaises(UserError):
            role.with_user(self.user_coord).write({"is_chairman_role": True})
        with self.assertRaises(UserError):
            self.Role.with_user(self.user_coord).create(
                {"name": "Boss 2", "circle_id": self.circle.id, "is_chairman_role": True}
            )
        self.assertFalse(role.is_chairman_role)
        # Nor take the chairman's seat as coordinator of the general circle.
        self.general.coordinator_id = self.user_coord
        with self.assertRaises(UserError):
            self.Assignment.with_user(self.user_coord).create(
                {"role_id": self.chair_role.id, "user_id": self.user_coord.id}
            )
        chair = self.chair_role.assignment_ids
        with self.assertRaises(UserError):
            chair.with_user(self.user_coord).write({"user_id": self.user_coord.id})
        self.assertEqual(self.chair_role.assignment_ids.user_id, self.user_chair)
        self.Assignment.with_user(self.user_admin).create(
            {"role_id": self.chair_role.id, "user_id": self.user_admin.id, "date_start": self.today}
        )
        self.assertIn(self.user_admin, self.chair_role.assignment_ids.user_id)

    def test_C2_roles_held_by_internal_users_only(self):
        portal = new_test_user(self.env, login="circ_portal_holder", groups="base.group_portal")
        with self.assertRaises(ValidationError):
            self.Assignment.with_user(self.user_coord).create({"role_id": self.role.id, "user_id": portal.id})
        self.assertNotIn(portal, self.circle.member_ids)

    def test_C2_admin_moves_role_and_assignment(self):
        """Positive side: an administrator restructures; a coordinator still assigns in his circle."""
        role = self.Role.create({"name": "Auditor", "circle_id": self.circle.id})
        assignment = self.Assignment.create({"role_id": role.id, "user_id": self.user_other.id})
        role.with_user(self.user_admin).write({"circle_id": self.other_circle.id})
        self.assertEqual(assignment.circle_id, self.other_circle)
        self.assertIn(self.user_other, self.other_circle.member_ids)
        self._assignment(self.role, self.user_member).with_user(self.user_admin).write(
            {"role_id": self.other_role.id}
        )
        self.assertIn(self.user_member, self.other_circle.member_ids)
        self.Assignment.with_user(self.user_coord).create(
            {"role_id": self.role.id, "user_id": self.user_other.id}
        )
        self.assertIn(self.user_other, self.circle.member_ids)

    def test_C2_agreements_and_processes_stay_in_managed_circles(self):
        agreement = (
            self.env["coop.agreement"]
            .with_user(self.user_coord)
            .create({"name": "Scope", "circle_id": self.circle.id, "text": "Only agreed targets"})
        )
        with self.assertRaises(AccessError):
            agreement.write({"circle_id": self.other_circle.id})
        process = (
            self.env["coop.process"]
            .with_user(self.user_coord)
            .create({"name": "Pentest", "circle_id": self.circle.id})
        )
        with self.assertRaises(AccessError):
            process.write({"circle_id": self.other_circle.id})
        self.assertEqual(agreement.circle_id | process.circle_id, self.circle)
        # Coordinator of both circles: allowed.
        self.other_circle.coordinator_id = self.user_coord
        process.write({"circle_id": self.other_circle.id})
        self.assertEqual(process.circle_id, self.other_circle)

    def test_membership_not_written_directly(self):
        with self.assertRaises(UserError):
            self.user_admin.with_user(self.user_admin).write({"coop_circle_ids": [(4, self.other_circle.id)]})
        with self.assertRaises(UserError):
            self.circle.with_user(self.user_admin).write({"member_ids": [(4, self.user_other.id)]})
        self.assertNotIn(self.user_other, self.circle.member_ids)
        # A duplicated user does not inherit the circles of the original.
        twin = self.user_member.copy({"login": "circ_member_twin"})
        self.assertFalse(twin.coop_circle_ids)
        self.assertNotIn(twin, self.circle.member_ids)

    def test_objection_rule_follows_membership_in_sql(self):
        """Raising an objection follows the circle's membership at once (no cached list of circles)."""
        agreement = self.env["coop.agreement"].create(
            {"name": "Rotation", "circle_id": self.other_circle.id, "text": "Rotate monthly"}
        )
        agreement.action_propose()
        Objection = self.env["coop.agreement.objection"].with_user(self.user_member)
        with self.assertRaises(AccessError):
            Objection.create({"agreement_id": agreement.id, "reasoning": "Not mine"})
        self.Assignment.create({"role_id": self.other_role.id, "user_id": self.user_member.id})
        self.assertIn(self.user_member, self.other_circle.member_ids)
        objection = Objection.create({"agreement_id": agreement.id, "reasoning": "Now mine"})
        self.assertEqual(objection.author_id, self.user_member)

    def test_public_methods_check_rights(self):
        portal = new_test_user(self.env, login="circ_portal_rpc", groups="base.group_portal")
        calls = [
            (self.circle, "action_open_roles"),
            (self.circle, "action_open_agreements"),
            (self.circle, "action_open_members"),
            (self.role, "action_print_description"),
        ]
        for record, method in calls:
            with self.assertRaises(AccessError, msg=method):
                getattr(record.with_user(portal), method)()
        agreement = self.env["coop.agreement"].create(
            {"name": "Rotation", "circle_id": self.other_circle.id, "text": "Rotate monthly"}
        )
        for method in ("action_propose", "action_withdraw"):
            with self.assertRaises(AccessError, msg=method):
                getattr(agreement.with_user(self.user_coord), method)()
        self.assertEqual(agreement.state, "draft")
        self.assertTrue(self.circle.with_user(self.user_other).action_open_roles())
