from odoo import Command
from odoo.tests.common import TransactionCase, new_test_user

from .sms_server import FakeSmsRu


class FakeSmsGatewayMixin:
    """Opt in for the active SMS gateway: SMS.ru's API on a local fake server (sms_server.py),
    reset before every test. ``gateway_values`` completes the gateway's settings."""

    gateway_values = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fake = FakeSmsRu()
        cls.addClassCleanup(cls.fake.stop)
        cls.env["coop.sms.gateway"].search([]).active = False
        cls.gateway = cls.env["coop.sms.gateway"].create(
            {
                "name": "SMS.ru loopback",
                "provider": "smsru",
                "url": cls.fake.url,
                "api_key": "test-key",
                "rate_limit": 0,
                **cls.gateway_values,
            }
        )

    def setUp(self):
        super().setUp()
        self.fake.reset()


class UnionTreeMixin:
    """Opt in for a small federation: two regional organisations, three primary ones."""

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


class UnionStaffMixin(UnionTreeMixin):
    """Opt in for the staff of the federation, of region A and of primaries A1 and B1, and an
    employee outside the union."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
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


class UnionMembersMixin(UnionTreeMixin):
    """Opt in for three members (in A1, A2 and B1) and an award type."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
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


class UnionCase(UnionMembersMixin, UnionStaffMixin, TransactionCase):
    """The whole small union: organisations, staff and members."""
