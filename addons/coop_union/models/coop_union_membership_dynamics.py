from odoo import fields, models, tools
from odoo.tools import SQL


class CoopUnionMembershipDynamics(models.Model):
    """Who joined and who left the union, one line per event: a member's joining and, once he
    has left, his leaving. Summed per month (and per organisation) in the pivot and the graph:
    joined, left and the net change. Read-only, over the members table; the staff of an
    organisation see the events of its subtree only, by the same rule as the members."""

    _name = "coop.union.membership.dynamics"
    _description = "Membership Dynamics"
    _inherit = ["coop.union.scoped"]
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "member_id"
    # written members are flushed before the view is read
    _depends = {
        "coop.union.member": [
            "active",
            "join_date",
            "leave_date",
            "organization_id",
            "regional_organization_id",
            "organization_path",
        ]
    }

    date = fields.Date(readonly=True)
    kind = fields.Selection([("joined", "Joined"), ("left", "Left")], string="Event", readonly=True)
    member_id = fields.Many2one("coop.union.member", string="Member", readonly=True)
    organization_id = fields.Many2one("coop.union.organization", string="Primary Organization", readonly=True)
    regional_organization_id = fields.Many2one(
        "coop.union.organization", string="Regional Organization", readonly=True
    )
    organization_path = fields.Char(readonly=True)
    joined_count = fields.Integer(string="Members Joined", readonly=True, aggregator="sum")
    left_count = fields.Integer(string="Members Left", readonly=True, aggregator="sum")
    net_count = fields.Integer(string="Net Change", readonly=True, aggregator="sum")

    def init(self):
        # one branch per event kind: a condition on the organisation path or the date reaches
        # the members table (and its indexes) through the UNION ALL
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """CREATE VIEW %s AS (
                SELECT m.id * 2 AS id, m.join_date AS date, 'joined'::varchar AS kind, m.id AS member_id,
                       m.organization_id, m.regional_organization_id, m.organization_path,
                       1 AS joined_count, 0 AS left_count, 1 AS net_count
                  FROM coop_union_member m
                 WHERE m.active AND m.join_date IS NOT NULL
                UNION ALL
                SELECT m.id * 2 + 1, m.leave_date, 'left'::varchar, m.id,
                       m.organization_id, m.regional_organization_id, m.organization_path,
                       0, 1, -1
                  FROM coop_union_member m
                 WHERE m.active AND m.leave_date IS NOT NULL
            )""",
                SQL.identifier(self._table),
            )
        )
