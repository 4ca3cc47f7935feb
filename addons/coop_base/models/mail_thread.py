from odoo import models

from ..tools.lang import job_lang


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _coop_in_written_lang(self):
        """Records whose chatter texts are written in a language: their environment's, else the
        database's (data files and scheduled jobs run without one: Odoo would write the model's
        name and the labels of tracked values in English beside Russian words)."""
        return self if self.env.lang else self.with_context(lang=job_lang(self.env))

    def _creation_message(self):
        records = self._coop_in_written_lang()
        if records is self:
            return super()._creation_message()
        return super(MailThread, records)._creation_message()

    def _message_track(self, fields_iter, initial_values_dict):
        records = self._coop_in_written_lang()
        if records is self:
            return super()._message_track(fields_iter, initial_values_dict)
        return super(MailThread, records)._message_track(fields_iter, initial_values_dict)
