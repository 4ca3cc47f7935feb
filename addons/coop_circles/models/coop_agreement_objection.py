from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.access import check_no_server_fields, is_coop_admin


class CoopAgreementObjection(models.Model):
    _name = "coop.agreement.objection"
    _description = "Objection"
    _inherit = ["mail.thread"]
    _order = "create_date, id"

    agreement_id = fields.Many2one("coop.agreement", required=True, index=True, ondelete="cascade")
    circle_id = fields.Many2one(related="agreement_id.circle_id", store=True, index=True)
    author_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user, readonly=True)
    reasoning = fields.Text(required=True, tracking=True, help="Why the proposal would cause harm.")
    integration = fields.Text(tracking=True, help="How the proposal was changed to resolve the objection.")
    state = fields.Selection(
        [("open", "Open"), ("integrated", "Integrated"), ("withdrawn", "Withdrawn")],
        default="open",
        required=True,
        readonly=True,
        tracking=True,
    )

    @api.depends("author_id", "agreement_id")
    def _compute_display_name(self):
        for rec in self:
            rec.display_name = _(
                "Objection of %(author)s to %(agreement)s",
                author=rec.author_id.name or "",
                agreement=rec.agreement_id.name or "",
            )

    @api.constrains("agreement_id", "state")
    def _check_agreement_open(self):
        for rec in self:
            if rec.state == "open" and rec.agreement_id.state != "proposed":
                raise ValidationError(
                    _(
                        "Objections are raised on proposals only: %s is not under discussion.",
                        rec.agreement_id.name,
                    )
                )

    @api.constrains("reasoning")
    def _check_reasoning(self):
        for rec in self:
            if not (rec.reasoning or "").strip():
                raise ValidationError(_("An objection needs its reasoning."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_no_server_fields(self, vals, ["circle_id"])
        records = super().create(vals_list)
        for rec in records:
            rec.agreement_id.sudo().message_post(
                body=_("Objection raised: %s", rec.reasoning),
                author_id=rec.author_id.partner_id.id,
            )
        return records

    def write(self, vals):
        check_no_server_fields(self, vals, ["circle_id", "author_id"])
        if "agreement_id" in vals and not is_coop_admin(self.env):
            if any(rec.agreement_id.id != vals["agreement_id"] for rec in self):
                raise UserError(_("An objection stays on the proposal it was raised on."))
        return super().write(vals)

    def _check_open(self):
        for rec in self:
            if rec.state != "open" or rec.agreement_id.state != "proposed":
                raise UserError(
                    _(
                        "The objection to %s is already resolved or the proposal is closed.",
                        rec.agreement_id.name,
                    )
                )

    def action_integrate(self):
        self.check_access("write")
        self._check_open()
        for rec in self:
            if not (rec.integration or "").strip():
                raise ValidationError(_("Describe how the objection was integrated into the proposal."))
        self.write({"state": "integrated"})
        for rec in self:
            rec.agreement_id.sudo().message_post(
                body=_("Objection integrated: %s", rec.integration),
                author_id=self.env.user.partner_id.id,
            )

    def action_withdraw(self):
        self.check_access("write")
        self._check_open()
        self.write({"state": "withdrawn"})
