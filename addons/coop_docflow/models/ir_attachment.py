from odoo import api, models
from odoo.exceptions import UserError

CONTENT_KEYS = {"datas", "raw", "db_datas", "url", "name", "res_model", "res_id", "type", "store_fname"}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _coop_documents(self, targets=()):
        """The documents the attachments belong to (by res_model/res_id or by their files field)."""
        Document = self.env["coop.document"].sudo()
        doc_ids = set(targets)
        for attachment in self.sudo():
            if attachment.res_model == "coop.document" and attachment.res_id:
                doc_ids.add(attachment.res_id)
        if self:
            doc_ids.update(Document.search([("attachment_ids", "in", self.ids)]).ids)
        return Document.browse(list(doc_ids)).exists()

    def _coop_document_check_unlocked(self, targets=()):
        """Refuse to change the files of documents waiting for signature, signed or dispatched."""
        self._coop_documents(targets)._check_unlocked(files_only=True)

    def _coop_document_check_not_public(self, targets=()):
        """Files of documents are never public (downloadable without login)."""
        if self._coop_documents(targets):
            raise UserError(self.env._("Files of documents cannot be public."))

    def _coop_document_check_no_share_link(self):
        """A signed or dispatched document's files get no access token (download link)."""
        locked = self._coop_documents().filtered("is_locked")
        if locked:
            raise UserError(
                self.env._(
                    "Document %s is waiting for signature, signed or dispatched: no download "
                    "link can be made for its files.",
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
        if any(vals.get("public") and vals.get("res_model") == "coop.document" for vals in vals_list):
            raise UserError(self.env._("Files of documents cannot be public."))
        return super().create(vals_list)

    def write(self, vals):
        targets = []
        if vals.get("res_model") == "coop.document" and vals.get("res_id"):
            targets.append(vals["res_id"])
        if set(vals) & CONTENT_KEYS:
            self._coop_document_check_unlocked(targets)
        if vals.get("public"):
            self._coop_document_check_not_public(targets)
        elif targets and "public" not in vals and self.sudo().filtered("public"):
            raise UserError(self.env._("Files of documents cannot be public."))
        if vals.get("access_token") and not self.env.su:
            self._coop_document_check_no_share_link()
        return super().write(vals)

    def unlink(self):
        self._coop_document_check_unlocked()
        return super().unlink()
