from odoo import fields, models

from .coop_document_journal import DOC_TYPES, MEDIUMS, PRIORITIES


class CoopDocumentTemplate(models.Model):
    """Template of a typical document (order, letter, memo...)."""

    _name = "coop.document.template"
    _description = "Document Template"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    doc_type = fields.Selection(DOC_TYPES, string="Document Type", required=True)
    title = fields.Char(help="Title given to a document created from this template.")
    summary = fields.Text()
    body = fields.Html(sanitize_style=True)
    medium = fields.Selection(MEDIUMS)
    priority = fields.Selection(PRIORITIES, default="0")
    deadline_days = fields.Integer(help="Days from registration to the deadline; 0 for none.")
