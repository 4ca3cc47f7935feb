from odoo import _, api, models
from odoo.exceptions import UserError

CONTENT_KEYS = {"datas", "raw", "db_datas", "url", "name", "res_model", "res_id", "type", "store_fname"}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _coop_document_check_unlocked(self, targets=()):
        """Refuse to change the files of signed or dispatched documents."""
        Document = self.env["coop.document"].sudo()
        doc_ids = set(targets)
        for attachment in self.sudo():
            if attachment.res_model == "coop.document" and attachment.res_id:
                doc_ids.add(attachment.res_id)
        if self:
            doc_ids.update(Document.search([("attachment_ids", "in", self.ids)]).ids)
        locked = Document.browse(list(doc_ids)).exists().filtered("is_locked")
        if locked:
            raise UserError(
                _(
                    "Document %s is signed or dispatched: its files can no longer be changed.",
                    ", ".join(locked.mapped("display_name")),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        targets = [
            vals["res_id"]
            for vals in vals_list
            if vals.get("res_model") == "coop.document" and vals.get("res_id")
        ]
        if targets:
            self.browse()._coop_document_check_unlocked(targets)
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) & CONTENT_KEYS:
            targets = []
            if vals.get("res_model") == "coop.document" and vals.get("res_id"):
                targets.append(vals["res_id"])
            self._coop_document_check_unlocked(targets)
        return super().write(vals)

    def unlink(self):
        self._coop_document_check_unlocked()
        return super().unlink()
