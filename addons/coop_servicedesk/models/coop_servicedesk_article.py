from odoo import api, fields, models
from odoo.tools import html2plaintext

SUMMARY_LENGTH = 240


class CoopServicedeskArticle(models.Model):
    """Knowledge base article: answers the support staff give again and again."""

    _name = "coop.servicedesk.article"
    _description = "Knowledge base article"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, name, id"

    name = fields.Char(string="Title", required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    body = fields.Html(translate=True, sanitize_style=True)
    summary = fields.Text(
        compute="_compute_summary",
        store=True,
        readonly=False,
        translate=True,
        help="Short answer shown by the bot and in search results.",
    )
    keywords = fields.Char(help="Words people use when they look for this answer.")
    team_id = fields.Many2one("helpdesk.ticket.team", index=True, tracking=True, groups="base.group_user")
    category_id = fields.Many2one("helpdesk.ticket.category")
    publish_portal = fields.Boolean(string="Published in portal", tracking=True)
    publish_bot = fields.Boolean(string="Published to bot", tracking=True)
    source_ticket_id = fields.Many2one(
        "helpdesk.ticket", string="From ticket", ondelete="set null", readonly=True, groups="base.group_user"
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._coop_check_targets(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._coop_check_targets(vals)
        return super().write(vals)

    def _coop_check_targets(self, vals):
        """The source ticket and the team are shown by name: the author must be able to read them."""
        if self.env.su:
            return
        if vals.get("source_ticket_id"):
            self.env["helpdesk.ticket"].browse(vals["source_ticket_id"]).check_access("read")
        if vals.get("team_id"):
            self.env["helpdesk.ticket.team"].browse(vals["team_id"]).check_access("read")

    @api.depends("body")
    def _compute_summary(self):
        for article in self:
            if article.summary:
                continue
            text = html2plaintext(article.body or "").strip()
            if len(text) > SUMMARY_LENGTH:
                text = text[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + "…"
            article.summary = text

    @api.model
    def _search_domain(self, query):
        domain = []
        for word in (query or "").split():
            word_domain = [
                "|",
                "|",
                "|",
                ("name", "ilike", word),
                ("keywords", "ilike", word),
                ("summary", "ilike", word),
                ("body", "ilike", word),
            ]
            domain = domain + word_domain if not domain else ["&"] + domain + word_domain
        return domain

    @api.model
    def _coop_partner_domain(self, partner):
        """Articles meant for ``partner``: general ones, those of the teams serving his
        company (never another client's) and, for the cooperative's own people, those of
        the back office (its internal how-tos are not the clients')."""
        client_teams = [
            "&",
            ("team_id.coop_audience", "=", "client"),
            ("team_id.coop_client_partner_ids", "in", partner.commercial_partner_id.ids),
        ]
        domain = ["|", ("team_id", "=", False)] + client_teams
        if any(user._is_internal() for user in partner.sudo().user_ids):
            domain = ["|", ("team_id.coop_audience", "=", "internal")] + domain
        return domain

    @api.model
    def search_published(self, query, channel="portal", limit=10):
        """Published articles matching ``query``, among those the caller may read."""
        return self._coop_search_published(query, channel=channel, limit=limit)

    @api.model
    def _coop_search_published(self, query, channel="portal", limit=10, partner=None):
        flag = "publish_bot" if channel == "bot" else "publish_portal"
        domain = [(flag, "=", True)] + self._search_domain(query)
        if partner is not None:
            domain += self.sudo()._coop_partner_domain(partner)
        return self.search(domain, limit=limit)
