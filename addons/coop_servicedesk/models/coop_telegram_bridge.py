"""The one entry point of the Telegram bridge into Odoo.

The bridge logs in as a technical user whose only group is
``group_telegram_bridge``: that group has no access right on any model. Every
public method below checks the group, then works in sudo strictly scoped to the
partner linked to the given chat, and returns plain JSON-able values.
"""

from markupsafe import escape
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html2plaintext, plaintext2html
from odoo.tools.sql import escape_psql

from .helpdesk_ticket import FOLLOWUP_DELAY_SECONDS

MAX_DESCRIPTION = 20000
MAX_UID = 128
MAX_CLAIM = 500
# follow-ups of new tickets an outbox claim does before it claims (the cron does the rest)
FOLLOWUPS_PER_CLAIM = 5
# the requester's open tickets the bot lists, the newest first
MY_TICKETS = 30


class CoopTelegramBridge(models.AbstractModel):
    _name = "coop.telegram.bridge"
    _description = "Telegram bridge API"

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    @api.model
    def _check_bridge(self):
        if not self.env.user.has_group("coop_servicedesk.group_telegram_bridge"):
            raise AccessError(self.env._("Only the Telegram bridge may use this interface."))

    @api.model
    def _chat(self, chat_id):
        chat = str(chat_id or "").strip()
        if not chat or len(chat) > 64:
            raise UserError(self.env._("A Telegram chat id is required."))
        return chat

    @api.model
    def _int(self, value):
        try:
            return int(value or 0)
        except (TypeError, ValueError):
            return 0

    @api.model
    def _linked_partner(self, chat_id):
        link = (
            self.env["coop.telegram.link"]
            .sudo()
            .search_fetch(
                [("chat_id", "=", chat_id), ("state", "=", "linked")],
                ["partner_id"],
                order="linked_at desc, id desc",
                limit=1,
            )
        )
        return link.partner_id

    @api.model
    def _env_for(self, partner):
        """sudo env speaking the partner's language."""
        lang = partner.lang or self.env.user.lang or "en_US"
        return self.sudo().with_context(lang=lang)

    @api.model
    def _ticket_dict(self, ticket):
        return {
            "number": ticket.number,
            "name": ticket.name,
            "stage": ticket.stage_id.name or "",
            "closed": bool(ticket.closed),
        }

    # ------------------------------------------------------------------
    # linking
    # ------------------------------------------------------------------
    @api.model
    def link_chat(self, chat_id, code, username=False):
        self._check_bridge()
        chat = self._chat(chat_id)
        me = self.sudo()
        Attempt = me.env["coop.telegram.link.attempt"]
        wait = Attempt._is_blocked(chat)
        if wait:
            return {
                "ok": False,
                "error": self.env._(
                    "Too many wrong codes from this chat. Try again in %(minutes)s min.",
                    minutes=wait,
                ),
            }
        Link = me.env["coop.telegram.link"]
        norm = Link._normalize_code(code)
        link = Link.search([("code", "=", norm)], limit=1) if norm else Link
        if not link or link.state in ("linked", "revoked"):
            Attempt._record_failure(chat)
            return {
                "ok": False,
                "error": self.env._("This code is unknown or has already been used."),
            }
        if link.state == "expired" or link.expires_at < fields.Datetime.now():
            link.state = "expired"
            Attempt._record_failure(chat)
            return {
                "ok": False,
                "error": self.env._("This code has expired. Ask for a new one in the portal."),
            }
        link._consume(chat, username=username)
        Attempt._clear(chat)
        return {"ok": True, "partner_name": link.partner_id.name}

    @api.model
    def request_link_code(self, chat_id, email):
        """Email a fresh link code to the person with this address, if any.

        The answer never tells whether the address is known."""
        self._check_bridge()
        self._chat(chat_id)
        email = (email or "").strip().lower()
        if email and "@" in email and len(email) <= 254:
            # exact, case-insensitive: wildcards in the address match nothing but themselves
            users = (
                self.sudo()
                .env["res.users"]
                .search(
                    [
                        ("email", "=ilike", escape_psql(email)),
                        ("id", "!=", self.env.ref("coop_servicedesk.user_telegram_bridge").id),
                    ],
                    order="id",
                )
            )
            partner = users[:1].partner_id
            Link = self.sudo().env["coop.telegram.link"]
            # a fresh pending code is not voided by repeated requests
            if partner and partner.email and not Link._reissue_wait(partner):
                Link.issue_code(partner)._send_code_email()
        return {"ok": True}

    @api.model
    def chat_info(self, chat_id):
        self._check_bridge()
        partner = self._linked_partner(self._chat(chat_id))
        return {
            "linked": bool(partner),
            "partner_name": partner.name or False,
            "email": partner.email or False,
            "lang": partner.lang or self.env.user.lang or "en_US",
        }

    # ------------------------------------------------------------------
    # tickets
    # ------------------------------------------------------------------
    @api.model
    def _open_teams(self, partner, team_id=None):
        """Teams the partner may file requests with; only the team ``team_id`` when given."""
        domain = [("id", "=", team_id)] if team_id is not None else []
        teams = self.sudo().env["helpdesk.ticket.team"].search(domain)
        return teams._coop_open_to_partner(partner)

    @api.model
    def list_teams(self, chat_id):
        self._check_bridge()
        partner = self._linked_partner(self._chat(chat_id))
        teams = self._open_teams(partner).with_context(lang=partner.lang or "en_US")
        return [{"id": t.id, "name": t.name} for t in teams]

    @api.model
    def list_templates(self, chat_id, team_id):
        self._check_bridge()
        partner = self._linked_partner(self._chat(chat_id))
        team = self._open_teams(partner, self._int(team_id))
        if not team:
            return []
        templates = (
            self.sudo()
            .env["coop.servicedesk.template"]
            .with_context(lang=partner.lang or "en_US")
            .search([("team_id", "=", team.id), ("show_in_bot", "=", True)])
        )
        return [
            {
                "id": t.id,
                "name": t.name,
                "description": html2plaintext(t.description or "").strip(),
            }
            for t in templates
        ]

    @api.model
    def create_ticket(self, chat_id, team_id, template_id, description, request_uid):
        self._check_bridge()
        chat = self._chat(chat_id)
        partner = self._linked_partner(chat)
        if not partner:
            return {
                "ok": False,
                "error": self.env._("Link your Telegram account first."),
            }
        me = self._env_for(partner)
        uid = str(request_uid or "").strip()
        if not uid or len(uid) > MAX_UID:
            return {"ok": False, "error": me.env._("A request id is required.")}
        existing = me._filed(uid)
        if existing:
            if existing.partner_id != partner:
                return {"ok": False, "error": me.env._("This request id is taken.")}
            if existing._name == "helpdesk.ticket":
                return {"ok": True, "id": existing.id, "number": existing.number, "name": existing.name}
            if existing.state == "failed":
                return {"ok": False, "error": existing.error or ""}
            return {"ok": True, "id": False, "number": existing.number, "name": existing._status_dict()["name"]}
        team = self._open_teams(partner, self._int(team_id))
        if not team:
            return {
                "ok": False,
                "error": me.env._("This team does not take your requests."),
            }
        template = me.env["coop.servicedesk.template"]
        if template_id:
            template = template.search_fetch(
                [("id", "=", self._int(template_id)), ("show_in_bot", "=", True)],
                ["team_id", "name", "description"],
            )
            if not template or template.team_id != team:
                return {
                    "ok": False,
                    "error": me.env._("This template belongs to another team."),
                }
        text = (description or "").strip()
        if not text and not template:
            return {"ok": False, "error": me.env._("Describe your request.")}
        if len(text) > MAX_DESCRIPTION:
            return {
                "ok": False,
                "error": me.env._(
                    "The description is too long (%(max)s characters at most).",
                    max=MAX_DESCRIPTION,
                ),
            }
        # The answer waits for the request's row and the number reserved for its ticket only:
        # the ticket, with its followers, notifications, assignment and team chat post, is
        # made by the registration job a moment later (coop.telegram.ticket.request).
        company = team.company_id or me.env.company
        number = me.env["helpdesk.ticket"].with_company(company)._prepare_ticket_number({"company_id": company.id})
        request = me.env["coop.telegram.ticket.request"].create(
            {
                "number": number,
                "request_uid": uid,
                "chat_id": chat,
                "partner_id": partner.id,
                "team_id": team.id,
                "template_id": template.id or False,
                "company_id": company.id,
                "description": text,
            }
        )
        request._trigger_registration()
        return {"ok": True, "id": False, "number": number, "name": request._status_dict()["name"]}

    @api.model
    def _filed(self, uid):
        """The ticket, or the request not yet a ticket, the bot filed with this request id."""
        # one round trip: this runs on every request the bot files (both ids are unique)
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT 'helpdesk.ticket', id FROM helpdesk_ticket WHERE coop_bridge_request_uid = %s
             UNION ALL
            SELECT 'coop.telegram.ticket.request', id FROM coop_telegram_ticket_request WHERE request_uid = %s
            """,
            [uid, uid],
        )
        rows = self.env.cr.fetchall()
        if not rows:
            return self.env["coop.telegram.ticket.request"]
        model, record_id = min(rows, key=lambda row: row[0] != "helpdesk.ticket")  # the ticket, once there is one
        return self.env[model].with_context(active_test=False).browse(record_id)

    @api.model
    def my_tickets(self, chat_id):
        self._check_bridge()
        partner = self._linked_partner(self._chat(chat_id))
        if not partner:
            return []
        me = self._env_for(partner)
        # requests not yet registered come first: they are the newest
        requests = me.env["coop.telegram.ticket.request"].search(
            [("partner_id", "=", partner.id), ("state", "=", "pending")], order="id desc", limit=MY_TICKETS
        )
        tickets = me.env["helpdesk.ticket"]
        if len(requests) < MY_TICKETS:  # a search's limit of 0 is no limit
            tickets = tickets.search(
                [("partner_id", "=", partner.id), ("closed", "=", False)],
                order="create_date desc, id desc",
                limit=MY_TICKETS - len(requests),
            )
        return [r._status_dict() for r in requests] + [self._ticket_dict(t) for t in tickets]

    @api.model
    def ticket_status(self, chat_id, number):
        self._check_bridge()
        partner = self._linked_partner(self._chat(chat_id))
        me = self._env_for(partner)
        ticket = me.env["helpdesk.ticket"]
        if partner and number:
            ticket = ticket.with_context(active_test=False).search(
                [
                    ("number", "=", str(number).strip().upper()),
                    ("partner_id", "=", partner.id),
                ],
                limit=1,
            )
            # a merged ticket's conversation goes on in the one it was merged into
            for _hop in range(10):
                if not ticket.coop_merged_into_id:
                    break
                ticket = ticket.coop_merged_into_id
            if not ticket.active:
                ticket = ticket.browse()
        if not ticket and partner and number:
            request = me.env["coop.telegram.ticket.request"].search(
                [("number", "=", str(number).strip().upper()), ("partner_id", "=", partner.id)], limit=1
            )
            if request:
                res = request._status_dict()
                res.update(ok=True, team=request.team_id.name or "")
                return res
        if not ticket:
            return {"ok": False, "error": me.env._("No such ticket among yours.")}
        res = self._ticket_dict(ticket)
        res.update(ok=True, team=ticket.team_id.name or "")
        return res

    # ------------------------------------------------------------------
    # knowledge base
    # ------------------------------------------------------------------
    @api.model
    def search_articles(self, chat_id, query, limit=3):
        self._check_bridge()
        partner = self._linked_partner(self._chat(chat_id))
        limit = max(1, min(int(limit or 3), 10))
        articles = (
            self._env_for(partner)
            .env["coop.servicedesk.article"]
            ._coop_search_published(query, channel="bot", limit=limit, partner=partner)
        )
        return [{"id": a.id, "title": a.name, "summary": a.summary or ""} for a in articles]

    @api.model
    def send_article(self, chat_id, article_id):
        self._check_bridge()
        partner = self._linked_partner(self._chat(chat_id))
        me = self._env_for(partner)
        if not partner:
            return {"ok": False, "error": me.env._("Link your Telegram account first.")}
        if not partner.email:
            return {"ok": False, "error": me.env._("Your contact card has no email.")}
        Article = me.env["coop.servicedesk.article"]
        article = Article.search(
            [("id", "=", self._int(article_id)), ("publish_bot", "=", True)]
            + Article._coop_partner_domain(partner),
            limit=1,
        )
        if not article:
            return {"ok": False, "error": me.env._("No such article.")}
        me.env["mail.mail"].create(
            {
                "subject": article.name,
                "body_html": f"<h2>{escape(article.name)}</h2>{article.body or ''}",
                "email_to": partner.email,
                "recipient_ids": [(4, partner.id)],
                "email_from": me.env.company.email_formatted or me.env.user.email_formatted,
                "auto_delete": True,
            }
        )
        article._coop_count_use("bot")
        return {"ok": True, "email": partner.email}

    # ------------------------------------------------------------------
    # outbox
    # ------------------------------------------------------------------
    @api.model
    def outbox_claim(self, worker, limit=50, lease_seconds=120, per_chat=None):
        """Messages for ``worker`` to send: whole chats no other worker holds, each chat's
        oldest first (at most ``per_chat`` of a chat), ``limit`` in all."""
        self._check_bridge()
        worker = str(worker or "bridge")[:64]
        limit = max(1, min(self._int(limit) or 50, MAX_CLAIM))
        lease = max(5, min(self._int(lease_seconds) or 120, 3600))
        per_chat = max(1, min(self._int(per_chat) or limit, limit))
        # requests filed by the bot a moment ago: their tickets, with their follow-ups (the team
        # chat post among them), are made here if the cron has not got to them yet, so that
        # the posts go out in this claim; a few per claim, of requests a couple of seconds old,
        # so that a burst of requests gets its answers first
        self.sudo().env["coop.telegram.ticket.request"]._coop_register_pending(
            limit=FOLLOWUPS_PER_CLAIM, min_age=FOLLOWUP_DELAY_SECONDS
        )
        self.sudo().env["helpdesk.ticket"]._coop_run_followups(
            limit=FOLLOWUPS_PER_CLAIM, min_age=FOLLOWUP_DELAY_SECONDS
        )
        rows = self.sudo().env["coop.telegram.outbox"]._claim(worker, limit, lease, per_chat=per_chat)
        # what the bridge needs beyond the text: a rating request gets its buttons
        messages = self.sudo().env["coop.telegram.outbox"].browse([row["id"] for row in rows])
        extra = {m.id: (m.kind, m.rating_token or False) for m in messages}
        for row in rows:
            row["kind"], row["rating_token"] = extra.get(row["id"], ("notification", False))
        return rows

    # ------------------------------------------------------------------
    # two-way conversation on a ticket
    # ------------------------------------------------------------------
    @api.model
    def post_reply(self, chat_id, text, reply_to_message_id=False, number=False, update_uid=False):
        """A message from a linked chat lands in a ticket's thread: the ticket of the
        notification it replies to (Telegram's reply-to, mapped by the outbox) or the one
        named by /reply N. The chat's contact must be the requester, a follower, or a
        colleague who may work on the ticket. ``update_uid`` (Telegram's update) makes a
        retry after a restart post nothing twice."""
        self._check_bridge()
        chat = self._chat(chat_id)
        partner = self._linked_partner(chat)
        if not partner:
            raise UserError(self.env._("This Telegram chat is not linked to a contact."))
        me = self._env_for(partner)
        body = str(text or "").strip()
        if not body:
            raise UserError(me.env._("The reply is empty."))
        if len(body) > MAX_DESCRIPTION:
            raise UserError(me.env._("The reply is too long."))
        uid = str(update_uid or "").strip()[:MAX_UID] or False
        Ticket = me.env["helpdesk.ticket"].with_context(active_test=False)
        ticket = Ticket
        if reply_to_message_id:
            sent = me.env["coop.telegram.outbox"].search(
                [
                    ("chat_id", "=", chat),
                    ("tg_message_id", "=", str(self._int(reply_to_message_id))),
                    ("ticket_id", "!=", False),
                ],
                limit=1,
            )
            ticket = sent.ticket_id.with_context(active_test=False)
        elif number:
            ticket = Ticket.search([("number", "=", str(number).strip().upper())], limit=1)
        for _hop in range(10):
            if not ticket.coop_merged_into_id:
                break
            ticket = ticket.coop_merged_into_id
        if not ticket or not ticket.active or not self._coop_may_reply(ticket, partner):
            raise UserError(me.env._("No such ticket among yours."))
        if uid:
            done = me.env["mail.message"].search(
                [("model", "=", "helpdesk.ticket"), ("coop_bridge_update_uid", "=", uid)], limit=1
            )
            if done:
                return {"ok": True, "number": me.env["helpdesk.ticket"].browse(done.res_id).number, "duplicate": True}
        message = ticket.message_post(
            body=plaintext2html(body),
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        if uid:
            message.coop_bridge_update_uid = uid
        return {"ok": True, "number": ticket.number, "duplicate": False}

    @api.model
    def _coop_may_reply(self, ticket, partner):
        if partner == ticket.partner_id or partner in ticket.message_partner_ids:
            return True
        users = partner.user_ids.filtered(lambda u: u._is_internal())
        return any(ticket.with_user(user).has_access("write") for user in users)

    # ------------------------------------------------------------------
    # ratings
    # ------------------------------------------------------------------
    @api.model
    def rate_ticket(self, chat_id, token, score, feedback=False):
        """The requester rates a closed ticket with one tap (1-5) on the rating request
        sent to his chat; the rating must be his own (the chat's linked contact)."""
        self._check_bridge()
        chat = self._chat(chat_id)
        partner = self._linked_partner(chat)
        if not partner:
            raise UserError(self.env._("This Telegram chat is not linked to a contact."))
        me = self._env_for(partner)
        score = self._int(score)
        if not 1 <= score <= 5:
            raise UserError(me.env._("A rating is a whole number from 1 to 5."))
        token = str(token or "")[:64]
        rating = (
            me.env["rating.rating"]
            .search([("access_token", "=", token), ("res_model", "=", "helpdesk.ticket")], limit=1)
            if token
            else me.env["rating.rating"]
        )
        if not rating or rating.partner_id != partner:
            raise UserError(me.env._("This rating request is not yours or no longer exists."))
        ticket = me.env["helpdesk.ticket"].browse(rating.res_id).exists()
        if not ticket:
            raise UserError(me.env._("This rating request is not yours or no longer exists."))
        feedback = str(feedback or "").strip()[:2000] or None
        ticket.rating_apply(score, token=token, feedback=feedback)
        return {"ok": True, "number": ticket.number, "rating": score}

    @api.model
    def outbox_ack(self, results):
        self._check_bridge()
        if not isinstance(results, list | tuple):
            raise UserError(self.env._("Acknowledgements must be a list."))
        clean = []
        for res in results:
            if not isinstance(res, dict) or not isinstance(res.get("id"), int):
                raise UserError(self.env._("Each acknowledgement needs an integer id."))
            clean.append(res)
        updated = self.sudo().env["coop.telegram.outbox"]._ack(clean)
        return {"updated": updated}
