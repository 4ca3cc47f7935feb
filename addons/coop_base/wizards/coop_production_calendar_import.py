import base64

from odoo import api, fields, models
from odoo.exceptions import AccessError


class CoopProductionCalendarImport(models.TransientModel):
    _name = "coop.production.calendar.import"
    _description = "Production calendar import"

    @api.model
    def _tz_get(self):
        return self.env["res.partner"]._fields["tz"].selection(self.env["res.partner"])

    file = fields.Binary(string="CSV file", required=True)
    filename = fields.Char()
    tz = fields.Selection(
        "_tz_get",
        string="Time zone",
        default="Europe/Moscow",
        required=True,
        help="Days off start and end at midnight of this time zone.",
    )
    day_end = fields.Float(
        string="Working day ends at",
        default=18.0,
        required=True,
        help="A shortened pre-holiday day loses the hour before this time.",
    )

    def action_import(self):
        self.ensure_one()
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(self.env._("Only an administrator can load a production calendar."))
        Leaves = self.env["resource.calendar.leaves"]
        rows = Leaves._coop_parse_production_days(base64.b64decode(self.file or b""))
        leaves, attendances = Leaves._coop_load_production_days(rows, self.tz, self.day_end)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Production calendar loaded: %(leaves)s days off and shortened hours, "
                    "%(attendances)s working periods on worked weekend days.",
                    leaves=leaves,
                    attendances=attendances,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
