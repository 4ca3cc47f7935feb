from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class CoopCirclesCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.today = fields.Date.context_today(cls.env["coop.circle"])
        cls.Circle = cls.env["coop.circle"]
        cls.Role = cls.env["coop.role"]
        cls.Assignment = cls.env["coop.role.assignment"]
        cls.user_coord = new_test_user(cls.env, login="circ_coord", groups="base.group_user")
        cls.user_lead = new_test_user(cls.env, login="circ_lead", groups="base.group_user")
        cls.user_member = new_test_user(cls.env, login="circ_member", groups="base.group_user")
        cls.user_other = new_test_user(cls.env, login="circ_other", groups="base.group_user")
        cls.user_chair = new_test_user(cls.env, login="circ_chair", groups="base.group_user")
        cls.user_admin = new_test_user(
            cls.env, login="circ_admin", groups="base.group_user,coop_circles.group_coop_admin"
        )
        cls.general = cls.Circle.create({"name": "General", "kind": "general"})
        cls.circle = cls.Circle.create(
            {
                "name": "Pentest",
                "kind": "producing",
                "parent_id": cls.general.id,
                "coordinator_id": cls.user_coord.id,
                "team_lead_id": cls.user_lead.id,
            }
        )
        cls.other_circle = cls.Circle.create(
            {"name": "Accounting", "kind": "service", "parent_id": cls.general.id}
        )
        cls.role = cls.Role.create({"name": "Pentester", "circle_id": cls.circle.id})
        cls.other_role = cls.Role.create({"name": "Accountant", "circle_id": cls.other_circle.id})
        cls.Assignment.create(
            {
                "role_id": cls.role.id,
                "user_id": cls.user_member.id,
                "date_start": cls.today - timedelta(days=30),
            }
        )
        cls.Assignment.create(
            {
                "role_id": cls.other_role.id,
                "user_id": cls.user_other.id,
                "date_start": cls.today - timedelta(days=30),
            }
        )
        cls.chair_role = cls.Role.create(
            {"name": "Chairman", "circle_id": cls.general.id, "is_chairman_role": True}
        )
        cls.Assignment.create({"role_id": cls.chair_role.id, "user_id": cls.user_chair.id})

    def structural(self, circle, kind):
        return circle.role_ids.filtered(lambda r: r.structural_type == kind)
