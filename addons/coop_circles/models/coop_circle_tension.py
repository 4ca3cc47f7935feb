from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools.access import check_no_server_fields


class CoopCircleTension(models.Model):
    """A tension (S3): something a member of the circle notices that the circle should address.
    Open tensions make the agenda of the circle's next meeting."""

    _name = "coop.circle.tension"
    _description = "Tension"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"

    name = fields.Char(string="Tension", required=True, tracking=True)
    description = fields.Text(help="What happens, and why it matters to the circle.")
    circle_id = fields.Many2one("coop.circle", required=True, index=True, ondelete="cascade", tracking=True)
    author_id = fields.Many2one(
        "res.users", string="Raised By", required=True, default=lambda self: self.env.user, readonly=True
    )
    meeting_kind = fields.Selection(
        [("governance", "Governance"), ("tactical", "Tactical")],
        string="For the Meeting",
        default="tactical",
        required=True,
        help="Governance: agreements, roles and domains. Tactical: the circle's work.",
    )
    state = fields.Selection(
        [("open", "Open"), ("on_agenda", "On the Agenda"), ("processed", "Processed")],
        default="open",
        required=True,
        readonly=True,
        tracking=True,
    )
    meeting_id = fields.Many2one("coop.circle.meeting", string="Meeting", readonly=True, index=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_no_server_fields(self, vals, ["state", "meeting_id", "author_id"])
        return super().create(vals_list)

    def write(self, vals):
        check_no_server_fields(self, vals, ["state", "meeting_id", "author_id"])
        if "circle_id" in vals and self.filtered(lambda t: t.state != "open"):
            raise UserError(_("A tension on a meeting's agenda stays in its circle."))
        return super().write(vals)
