from odoo import _, fields, models
from odoo.exceptions import UserError, ValidationError

from ..models.coop_agreement_answer import ANSWERS


class CoopMeetingConsentWizard(models.TransientModel):
    """The consent round in a meeting: the facilitator records each present member's answer."""

    _name = "coop.meeting.consent.wizard"
    _description = "Consent Round in a Meeting"

    meeting_id = fields.Many2one("coop.circle.meeting", required=True, readonly=True, ondelete="cascade")
    agreement_id = fields.Many2one(
        "coop.agreement", string="Proposal", required=True, readonly=True, ondelete="cascade"
    )
    line_ids = fields.One2many("coop.meeting.consent.wizard.line", "wizard_id", string="Answers")

    def action_record(self):
        self.ensure_one()
        meeting, agreement = self.meeting_id, self.agreement_id
        meeting._check_runner()
        if (
            meeting.state != "in_progress"
            or agreement.state != "proposed"
            or agreement not in meeting.item_ids.agreement_id
        ):
            raise UserError(_("The proposal is no longer under discussion in this meeting."))
        if set(self.line_ids.user_id.ids) != set(meeting.present_ids.ids) or len(self.line_ids) != len(
            meeting.present_ids
        ):
            raise UserError(_("Record one answer for each member present."))
        for line in self.line_ids:
            if line.answer == "object" and not (line.reason or "").strip():
                raise ValidationError(_("The objection of %s needs its reasoning.", line.user_id.name))
        agreement = agreement.sudo()
        agreement.write({"asked_user_ids": [(4, uid) for uid in meeting.present_ids.ids]})
        objected = False
        for line in self.line_ids:
            if line.answer == "object":
                objected = True
                objection = (
                    self.env["coop.agreement.objection"]
                    .sudo()
                    .create(
                        {"agreement_id": agreement.id, "author_id": line.user_id.id, "reasoning": line.reason}
                    )
                )
                agreement._record_answer(
                    line.user_id, "object", reason=line.reason, objection=objection, in_meeting=True
                )
            else:
                agreement._record_answer(line.user_id, line.answer, reason=line.reason, in_meeting=True)
        item = meeting.item_ids.filtered(lambda i: i.agreement_id == agreement)
        if objected:
            item.sudo().write({"outcome": _("Objections raised: the proposal is to be integrated.")})
            return {"type": "ir.actions.act_window_close"}
        agreement.write({"consent_meeting_id": meeting.id})
        agreement.action_consent()
        item.sudo().write({"outcome": _("Consented.")})
        return {"type": "ir.actions.act_window_close"}


class CoopMeetingConsentWizardLine(models.TransientModel):
    _name = "coop.meeting.consent.wizard.line"
    _description = "Answer in a Meeting"

    wizard_id = fields.Many2one("coop.meeting.consent.wizard", required=True, ondelete="cascade")
    user_id = fields.Many2one("res.users", string="Member", required=True)
    answer = fields.Selection(ANSWERS, required=True, default="consent")
    reason = fields.Text(string="Reasoning")
