from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import ServicedeskCase


@tagged("post_install", "-at_install")
class TestAssignment(ServicedeskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cat_contract = cls.env["helpdesk.ticket.category"].create({"name": "Договоры"})
        cls.cat_claim = cls.env["helpdesk.ticket.category"].create({"name": "Претензии"})
        # a third holder of a role in the legal circle
        cls.agent4 = new_test_user(
            cls.env,
            login="sd_agent4",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user_team",
            name="Константин Юристов",
        )
        role = cls.env["coop.role"].create({"name": "Юрист", "circle_id": cls.circle_legal.id})
        cls.env["coop.role.assignment"].create({"role_id": role.id, "user_id": cls.agent4.id})
        cls.team_legal.user_ids = [Command.link(cls.agent4.id)]

    def test_pool_is_circle_role_holders(self):
        self.assertEqual(self.team_legal._coop_assign_pool(), (self.agent | self.agent3 | self.agent4))

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
        users = [self._ticket().user_id for _i in range(4)]
        pool = (self.agent | self.agent3 | self.agent4).sorted("id")
        self.assertEqual(users, [pool[0], pool[1], pool[2], pool[0]])
        self.assertEqual(self.team_legal.coop_last_assigned_id, pool[0])
        self.assertEqual(self.team_legal.user_ids, pool, "circle role holders joined the team")

    def test_least_loaded(self):
        self.team_legal.coop_assign_method = "least_loaded"
        pool = (self.agent | self.agent3 | self.agent4).sorted("id")
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
