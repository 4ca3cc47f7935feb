from odoo import api, fields, models


class CoopDocument(models.Model):
    _inherit = "coop.document"

    coop_union_appeal_id = fields.Many2one(
        "coop.union.appeal",
        string="Appeal",
        compute="_compute_coop_union_appeal_id",
        help="The union appeal this document registers or answers (shown to union staff who may read it).",
    )

    @api.depends_context("uid")
    def _compute_coop_union_appeal_id(self):
        Appeal = self.env["coop.union.appeal"]
        appeals = Appeal
        if self.ids and (self.env.su or self.env.user.has_group("coop_union.group_union_user")):
            appeals = Appeal.search(
                ["|", ("answer_document_id", "in", self.ids), ("document_id", "in", self.ids)]
            )
        for doc in self:
            doc.coop_union_appeal_id = appeals.filtered(
                lambda appeal, doc=doc: doc in (appeal.answer_document_id | appeal.document_id)
            )[:1]

    def action_open_coop_union_appeal(self):
        self.ensure_one()
        self.check_access("read")
        appeal = self.coop_union_appeal_id
        appeal.check_access("read")
        return appeal._get_records_action()

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
