from odoo import models


class CoopDocument(models.Model):
    _inherit = "coop.document"

    def action_dispatch(self, dispatch_method=None, dispatch_date=None):
        """An outgoing document that answers appeals is sent: the appeals are answered and
        their applicants told by the channel each came from."""
        res = super().action_dispatch(dispatch_method=dispatch_method, dispatch_date=dispatch_date)
        self._coop_union_answer_appeals()
        return res

    def action_done(self):
        res = super().action_done()
        self._coop_union_answer_appeals()
        return res

    def _coop_union_answer_appeals(self):
        outgoing = self.filtered(lambda doc: doc.doc_type == "outgoing")
        if not outgoing:
            return
        appeals = self.env["coop.union.appeal"].sudo().search([("answer_document_id", "in", outgoing.ids)])
        appeals._coop_answered()
