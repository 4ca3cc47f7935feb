from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import ServicedeskBase, WithTeams


@tagged("post_install", "-at_install")
class TestAssignment(WithTeams, ServicedeskBase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cat_contract = cls.env["helpdesk.ticket.category"].create({"name": "Договоры"})
        cls.cat_claim = cls.env["helpdesk.ticket.category"].create({"name": "Претензии"})
        cls.agent4 = new_test_user(
            cls.env,
            login="sd_agent4",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user_team",
            name="Константин Юристов",
        )
        cls.agent5 = new_test_user(
            cls.env,
            login="sd_agent5",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user_team",
            name="Алла Юристова",
        )
        role = cls.env["coop.role"].create({"name": "Юрист", "circle_id": cls.circle_legal.id})
        # the circle's coordinator (agent) holds no working role there
        for user in (cls.agent3, cls.agent4, cls.agent5):
            cls.env["coop.role.assignment"].create({"role_id": role.id, "user_id": user.id})
        cls.team_legal.user_ids = [Command.link(cls.agent4.id)]
        cls.pool = (cls.agent3 | cls.agent4 | cls.agent5).sorted("id")

    def test_pool_is_circle_role_holders(self):
        self.assertEqual(self.team_legal._coop_assign_pool(), self.pool)
        self.assertNotIn(self.agent, self.team_legal._coop_assign_pool())
        # a circle where nobody holds a working role: its members
        self.assertEqual(self.team_acc._coop_assign_pool(), self.agent2)
        # a team without a circle: its members
        self.assertEqual(self.team_client_a._coop_assign_pool(), self.agent)

    def test_fixed_per_category(self):
        self.team_legal.write(
            {
                "coop_assign_method": "fixed",
                "coop_assign_rule_ids": [
                    Command.create({"category_id": self.cat_claim.id, "user_id": self.agent3.id}),
                    Command.create({"category_id": False, "user_id": self.agent.id, "sequence": 20}),
                ],
            }
        )
        self.assertEqual(self._ticket(category_id=self.cat_claim.id).user_id, self.agent3)
        self.assertEqual(self._ticket(category_id=self.cat_contract.id).user_id, self.agent)
        explicit = self._ticket(category_id=self.cat_claim.id, user_id=self.agent4.id)
        self.assertEqual(explicit.user_id, self.agent4, "an explicit assignee is kept")

    def test_round_robin(self):
        self.team_legal.user_ids = self.agent
        self.team_legal.coop_assign_method = "round_robin"
        pool = self.pool
        users = [self._ticket().user_id for _i in range(4)]
        self.assertEqual(users, [pool[0], pool[1], pool[2], pool[0]])
        self.assertEqual(self.team_legal.coop_last_assigned_id, pool[0])
        self.assertEqual(self.team_legal.user_ids, self.agent | pool, "role holders joined the team")

    def test_least_loaded(self):
        self.team_legal.coop_assign_method = "least_loaded"
        pool = self.pool
        self._ticket(user_id=pool[0].id)
        self._ticket(user_id=pool[0].id)
        self._ticket(user_id=pool[1].id)
        closed = self._ticket(user_id=pool[2].id)
        closed.stage_id = self.st_done
        self._ticket(user_id=pool[2].id)
        # loads: pool0=2, pool1=1, pool2=1 (its closed ticket does not count) -> pool1 by id
        self.assertEqual(self._ticket().user_id, pool[1])
        # now pool1=2, pool2=1
        self.assertEqual(self._ticket().user_id, pool[2])

    def test_manual_leaves_unassigned(self):
        self.assertFalse(self._ticket().user_id)

    def test_rule_beats_self_assignment_default(self):
        self.env.company.helpdesk_mgmt_ticket_auto_assign = True
        self.team_legal.coop_assign_method = "round_robin"
        ticket = self.Ticket.with_user(self.agent4).create(
            {
                "name": "Заявка от юриста",
                "description": "<p>x</p>",
                "team_id": self.team_legal.id,
            }
        )
        self.assertEqual(ticket.user_id, self.pool[0])
        # with manual assignment the creator keeps Odoo's default
        self.team_legal.coop_assign_method = "manual"
        own = self.Ticket.with_user(self.agent4).create(
            {"name": "Своя", "description": "<p>x</p>", "team_id": self.team_legal.id}
        )
        self.assertEqual(own.user_id, self.agent4)
