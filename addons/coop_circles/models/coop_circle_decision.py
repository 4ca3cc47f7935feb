from odoo import api, fields, models


class CoopCircleDecision(models.Model):
    """The decision register of a circle (the council's is the council circle's): what was decided,
    where, on which proposal and agreement, and who took part."""

    _name = "coop.circle.decision"
    _description = "Decision"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(string="Decision", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    circle_id = fields.Many2one("coop.circle", required=True, index=True, ondelete="restrict")
    is_council = fields.Boolean(compute="_compute_is_council", store=True, string="Council Decision")
    kind = fields.Selection(
        [
            ("meeting", "Consent in a Meeting"),
            ("async", "Asynchronous Consent"),
            ("election", "Election"),
            ("other", "Decision of the Circle"),
        ],
        required=True,
        default="other",
    )
    meeting_id = fields.Many2one("coop.circle.meeting", string="Meeting", index=True, ondelete="set null")
    agreement_id = fields.Many2one("coop.agreement", string="Agreement", index=True, ondelete="set null")
    proposal_id = fields.Many2one(
        "coop.agreement",
        string="Amended Agreement",
        ondelete="set null",
        help="The agreement the consented proposal changes, if it amends one.",
    )
    participant_ids = fields.Many2many(
        "res.users", "coop_circle_decision_participant_rel", "decision_id", "user_id", string="Participants"
    )
    text = fields.Text(string="Details")

    @api.depends("circle_id.kind")
    def _compute_is_council(self):
        for rec in self:
            rec.is_council = rec.circle_id.kind == "council"
