from email import errors as email_errors

from odoo import api, models

# Content-Transfer-Encodings Python's email package knows how to decode.
DECODABLE_CTE = {
    "",
    "7bit",
    "8bit",
    "binary",
    "base64",
    "quoted-printable",
    "x-uuencode",
    "uuencode",
    "uue",
    "x-uue",
}
# Defects meaning the base64 payload could not be decoded faithfully (a missing
# padding alone is repaired by the parser and loses nothing).
BROKEN_BASE64 = (
    email_errors.InvalidBase64CharactersDefect,
    email_errors.InvalidBase64LengthDefect,
)


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def _message_parse_extract_payload(self, message, message_dict, save_original=False):
        """Mark attachments whose MIME part could not be decoded.

        The mark (``coop_undecodable`` in the attachment's info) lets the records
        receiving the mail decide what to do with them; nothing else changes."""
        res = super()._message_parse_extract_payload(message, message_dict, save_original=save_original)
        if message.get_content_maintype() == "text" or not res.get("attachments"):
            return res
        broken = []
        for part in message.walk():
            if part.is_multipart():
                continue
            is_attachment = (
                part.get_filename()
                or str(part.get("content-disposition", "")).strip().startswith("attachment")
                or part.get_content_type() not in ("text/plain", "text/html")
            )
            if not is_attachment:
                continue
            cte = str(part.get("content-transfer-encoding", "")).strip().lower()
            if cte not in DECODABLE_CTE:
                broken.append([part.get_filename() or "attachment", "encoding"])
            elif cte == "base64" and any(isinstance(d, BROKEN_BASE64) for d in part.defects):
                broken.append([part.get_filename() or "attachment", "base64"])
        for attachment in res["attachments"]:
            info = attachment[2] if len(attachment) > 2 else None
            if info is None:
                continue
            for entry in broken:
                if entry[0] == attachment[0]:
                    info["coop_undecodable"] = entry[1]
                    broken.remove(entry)
                    break
        return res
