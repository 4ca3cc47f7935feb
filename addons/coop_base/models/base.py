from odoo import api, models
from odoo.osv import expression
from odoo.tools import SQL

from .access_scope import merge_forbidden


class Base(models.AbstractModel):
    """Wizards (transient records) belong to the user who created them.

    Odoo documents this for ``TransientModel`` but since 14.0 no longer enforces it: a wizard
    of one user (a mail or SMS composer with its recipients, an import file, a resend list)
    could be read by any other user who has the wizard's access rights. Superuser and
    ``sudo()`` steps are not restricted.
    """

    _inherit = "base"

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if not self._transient or self.env.su or not self:
            return result
        records = self - result[0] if result else self
        ids = [id_ for id_ in records._ids if isinstance(id_, int)]
        if not ids:
            return result
        self.flush_model(["create_uid"])
        rows = self.env.execute_query(SQL(
            "SELECT id FROM %s WHERE id = ANY(%s) AND create_uid IS DISTINCT FROM %s",
            SQL.identifier(self._table), ids, self.env.uid,
        ))
        forbidden = self.browse([id_ for (id_,) in rows])
        return merge_forbidden(self, result, forbidden, operation)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if self._transient and not self.env.su:
            domain = expression.AND([[("create_uid", "=", self.env.uid)], domain or []])
        return super()._search(domain, offset, limit, order)
