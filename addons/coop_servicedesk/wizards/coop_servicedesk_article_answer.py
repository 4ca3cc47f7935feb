from markupsafe import Markup
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import plaintext2html


class CoopServicedeskArticleAnswer(models.TransientModel):
    """An agent answers a ticket from the knowledge base: he searches the published articles
    the requester may read, takes the summary or the whole text, completes it and sends it
    as his reply (by e-mail and, for a linked requester, in Telegram)."""

    _name = "coop.servicedesk.article.answer"
    _description = "Answer from the knowledge base"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade")
    query = fields.Char(string="Search")
    allowed_article_ids = fields.Many2many(
        "coop.servicedesk.article", compute="_compute_allowed_article_ids"
    )
    article_id = fields.Many2one(
        "coop.servicedesk.article",
        string="Article",
        domain="[('id', 'in', allowed_article_ids)]",
    )
    mode = fields.Selection(
        [("summary", "Summary"), ("full", "Full text")], string="Insert", default="summary", required=True
    )
    body = fields.Html(string="Reply", compute="_compute_body", store=True, readonly=False, sanitize_style=True)

    @api.depends("ticket_id", "query")
    def _compute_allowed_article_ids(self):
        Article = self.env["coop.servicedesk.article"]
        for wizard in self:
            partner = wizard.ticket_id.sudo().partner_id
            domain = ["|", ("publish_portal", "=", True), ("publish_bot", "=", True)]
            domain += Article._search_domain(wizard.query)
            if partner:
                # what the requester may read: another client's or internal how-tos never go out
                domain += Article.sudo()._coop_partner_domain(partner)
            # searched as the agent: only articles he may read himself
            wizard.allowed_article_ids = Article.search(domain, limit=50)

    @api.depends("article_id", "mode")
    def _compute_body(self):
        for wizard in self:
            article = wizard.article_id
            if not article:
                wizard.body = wizard.body or False
            elif wizard.mode == "full":
                wizard.body = Markup("<p><b>%s</b></p>") % article.name + Markup(article.body or "")
            else:
                wizard.body = plaintext2html(article.summary or article.name)

    @api.model_create_multi
    def create(self, vals_list):
        # the ticket's requester decides which articles are offered (read in sudo): only an
        # agent who may work on the ticket opens this
        if not self.env.su:
            for vals in vals_list:
                self.env["helpdesk.ticket"].browse(vals.get("ticket_id") or []).check_access("write")
        return super().create(vals_list)

    @api.model
    def default_get(self, fields_list):
        defaults = super().default_get(fields_list)
        if self.env.context.get("active_model") == "helpdesk.ticket" and self.env.context.get("active_id"):
            defaults.setdefault("ticket_id", self.env.context["active_id"])
        return defaults

    def action_send(self):
        self.ensure_one()
        ticket = self.ticket_id
        ticket.check_access("write")
        if not self.article_id or not self.body:
            raise UserError(self.env._("Choose an article to answer with."))
        if self.article_id not in self.allowed_article_ids:
            raise UserError(
                self.env._("This article is not published for the requester of %(ticket)s.", ticket=ticket.number)
            )
        ticket.message_post(
            body=self.body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=ticket.partner_id.ids,
        )
        self.article_id.sudo()._coop_count_use("agent")
        return {"type": "ir.actions.act_window_close"}

