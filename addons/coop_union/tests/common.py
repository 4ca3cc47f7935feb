from odoo import Command
from odoo.tests.common import TransactionCase, new_test_user


class UnionCase(TransactionCase):
    """A small federation: two regional organisations, three primary ones, staff at each level."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        Org = cls.env["coop.union.organization"]
        cls.industry = cls.env["coop.union.industry"].create({"name": "Test industry"})
        cls.federation = Org.create({"name": "Test federation", "code": "T-FED", "level": "federation"})
        cls.region_a = Org.create(
            {"name": "Regional A", "code": "T-RA", "level": "regional", "parent_id": cls.federation.id}
        )
        cls.region_b = Org.create(
            {"name": "Regional B", "code": "T-RB", "level": "regional", "parent_id": cls.federation.id}
        )
        cls.primary_a1 = Org.create(
            {"name": "Primary A1", "code": "T-A1", "level": "primary", "parent_id": cls.region_a.id}
        )
        cls.primary_a2 = Org.create(
            {"name": "Primary A2", "code": "T-A2", "level": "primary", "parent_id": cls.region_a.id}
        )
        cls.primary_b1 = Org.create(
            {"name": "Primary B1", "code": "T-B1", "level": "primary", "parent_id": cls.region_b.id}
        )
        cls.user_fed = new_test_user(
            cls.env, login="t_union_fed", groups="base.group_user,coop_union.group_union_federation"
        )
        cls.user_reg_a = new_test_user(
            cls.env, login="t_union_reg_a", groups="base.group_user,coop_union.group_union_user"
        )
        cls.user_prim_a1 = new_test_user(
            cls.env, login="t_union_prim_a1", groups="base.group_user,coop_union.group_union_user"
        )
        cls.user_prim_b1 = new_test_user(
            cls.env, login="t_union_prim_b1", groups="base.group_user,coop_union.group_union_user"
        )
        cls.user_plain = new_test_user(cls.env, login="t_union_plain", groups="base.group_user")
        cls.federation.staff_user_ids = [Command.link(cls.user_fed.id)]
        cls.region_a.staff_user_ids = [Command.link(cls.user_reg_a.id)]
        cls.primary_a1.staff_user_ids = [Command.link(cls.user_prim_a1.id)]
        cls.primary_b1.staff_user_ids = [Command.link(cls.user_prim_b1.id)]
        Member = cls.env["coop.union.member"]
        cls.member_a1 = Member.create(
            {
                "name": "Member A1",
                "membership_number": "T-0001",
                "organization_id": cls.primary_a1.id,
                "mobile": "+7 912 000 00 01",
                "email": "a1@example.com",
                "discount_card": "PD-1",
            }
        )
        cls.member_a2 = Member.create(
            {
                "name": "Member A2",
                "membership_number": "T-0002",
                "organization_id": cls.primary_a2.id,
                "mobile": "89120000002",
                "email": "a2@example.com",
            }
        )
        cls.member_b1 = Member.create(
            {
                "name": "Member B1",
                "membership_number": "T-0003",
                "organization_id": cls.primary_b1.id,
                "mobile": "+79120000003",
                "email": "b1@example.com",
                "discount_card": "PD-3",
            }
        )
        cls.award_type = cls.env["coop.union.award.type"].create({"name": "Test award"})
