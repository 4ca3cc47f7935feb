from odoo import models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext, is_html_empty


class CrmLeadLost(models.TransientModel):
    _inherit = "crm.lead.lost"

    def action_lost_reason_apply(self):
        self.ensure_one()
        if not self.lost_reason_id:
            raise UserError(self.env._("Choose the reason of the refusal."))
        if is_html_empty(self.lost_feedback):
            raise UserError(self.env._("Add a comment explaining the refusal."))
        self.lead_ids.write({"coop_lost_comment": html2plaintext(self.lost_feedback).strip()})
        return super().action_lost_reason_apply()
