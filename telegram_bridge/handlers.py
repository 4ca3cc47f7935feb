"""Telegram update handlers: gatekeeping, start/link, knowledge base, /my and /status; the dialogs.

Handlers are registered in :meth:`BridgeHandlers.register`, in this order:

- group -1: :meth:`BridgeHandlers.on_any` for every update (edits dropped, group chats silenced,
  flood limit, the sensitive-data guard); it stops an update that must go no further;
- group 0, first the dialogs (ConversationHandlers, see ``dialogs()``: the appeal to the union,
  the new ticket, the rating and its comment): an update that belongs to a dialog's current step goes there; the others
  fall through to
- the commands, the buttons by callback-data pattern (``buttons()``, then :meth:`on_callback`
  for any stale button), a reply to a ticket's message (:mod:`~telegram_bridge.conversation`),
  free text (the knowledge base) and other messages.

A new dialog is a class with ``handler()`` returning a ConversationHandler (as
:class:`~telegram_bridge.new_ticket.NewTicketDialog`), added to ``dialogs()``; a new button is
a (pattern, method) pair in ``buttons()``. Updates of one chat are handled one at a time
(:class:`~telegram_bridge.processor.PerChatUpdateProcessor`), so no handler needs a lock.
"""

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import (
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from . import guard, kb, texts
from .appeal import AppealDialog, member_keyboard
from .conversation import RatingDialog, TicketReplies
from .new_ticket import NewTicketDialog
from .odoo_client import OdooUnavailable
from .ratelimit import RateLimiter
from .util import ActiveDialog, answer_query, chat_key, short

_logger = logging.getLogger(__name__)

SUMMARY_MAX = 700


class BridgeHandlers:
    def __init__(self, odoo, limiter=None):
        self.odoo = odoo
        self.limiter = limiter or RateLimiter()
        self.replies = TicketReplies(odoo, fallback=self.on_text)
        # the dialogs with a text step: a text goes to the one the chat started last
        self.active = ActiveDialog()
        self.appeal = AppealDialog(odoo, self.active)

    def dialogs(self):
        """The ConversationHandlers, tried before the plain commands (the appeal first: its text
        steps take a text only while it is the chat's current dialog, and so does /new's)."""
        return [
            self.appeal.handler(),
            NewTicketDialog(self.odoo, self.active).handler(),
            RatingDialog(self.odoo, self.replies).handler(),
        ]

    def buttons(self):
        """(callback-data pattern, handler) of the buttons that are not a dialog's step."""
        return [(r"^a:\d+$", self.on_article), (r"^ap[cox]:", self.appeal.on_stale)]

    def register(self, app):
        private = filters.ChatType.PRIVATE
        app.add_handler(TypeHandler(Update, self.on_any), group=-1)
        app.add_handlers(self.dialogs())
        app.add_handler(CommandHandler("start", self.on_start))
        app.add_handler(CommandHandler("help", self.on_start))
        app.add_handler(CommandHandler("link", self.on_link, filters=private))
        app.add_handler(CommandHandler("my", self.on_my, filters=private))
        app.add_handler(CommandHandler("status", self.on_status, filters=private))
        app.add_handler(CommandHandler("cancel", self.on_cancel, filters=private))
        app.add_handler(CommandHandler("reply", self.replies.on_reply_command, filters=private))
        app.add_handler(CommandHandler("skip", self.on_skip, filters=private))
        for pattern, callback in self.buttons():
            app.add_handler(CallbackQueryHandler(callback, pattern=pattern))
        app.add_handler(CallbackQueryHandler(self.on_callback))
        # a reply to a ticket's message goes to that ticket, before free text goes to the knowledge base
        app.add_handler(
            MessageHandler(
                filters.TEXT & ~filters.COMMAND & private & filters.REPLY, self.replies.on_reply_to
            )
        )
        app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & private, self.on_text))
        app.add_handler(MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, self.on_other))
        app.add_error_handler(self.on_error)

    # ------------------------------------------------------------ gatekeeping

    async def on_any(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        """Runs before every handler: flood limit, then the sensitive-data guard."""
        chat = update.effective_chat
        if chat is None:
            return
        message = update.message
        if update.edited_message is not None:
            raise ApplicationHandlerStop  # edits are never forwarded
        if chat.type != ChatType.PRIVATE:
            # Team group chats only receive posts; the bot answers nothing there but /start.
            if not (message and message.text and message.text.startswith("/start")):
                raise ApplicationHandlerStop
            return
        verdict = self.limiter.hit(chat.id)
        if verdict != "ok":
            if verdict == "warn":
                await context.bot.send_message(chat.id, texts.RATE_LIMITED)
            await answer_query(update)
            raise ApplicationHandlerStop
        text = (message.text or message.caption) if message else None
        finding = guard.check(text) if text else None
        if finding:
            # Neither forwarded nor logged: only the kind of data found is kept.
            _logger.info("guard: held back a message of chat %s (%s)", chat.id, finding.kind)
            template = (
                texts.GUARD_CREDENTIALS if finding.category == guard.CREDENTIALS else texts.GUARD_PERSONAL
            )
            await context.bot.send_message(chat.id, template.format(what=texts.GUARD_KINDS[finding.kind]))
            try:
                await message.delete()
            except TelegramError:
                pass
            raise ApplicationHandlerStop

    async def on_error(self, update, context):
        error = context.error
        if isinstance(error, OdooUnavailable):
            _logger.warning("update %s: %s", getattr(update, "update_id", "?"), error)
            reply = texts.ODOO_DOWN
        else:
            _logger.error(
                "update %s failed: %s",
                getattr(update, "update_id", "?"),
                type(error).__name__,
                exc_info=error,
            )
            reply = texts.ERROR
        if (
            isinstance(update, Update)
            and update.effective_chat
            and update.effective_chat.type == ChatType.PRIVATE
        ):
            try:
                await context.bot.send_message(update.effective_chat.id, reply)
            except TelegramError:
                pass

    # ------------------------------------------------------------ start / link

    async def on_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        chat = update.effective_chat
        if chat.type != ChatType.PRIVATE:
            await context.bot.send_message(chat.id, texts.START_GROUP.format(chat_id=chat.id))
            return
        if context.args:
            # a link from the portal or the preferences (t.me/<bot>?start=<code>) carries the code
            await self.on_link(update, context)
            return
        try:
            info = await self.odoo.call("chat_info", chat_key(update), retries=1)
        except OdooUnavailable:
            info = {}
        if info.get("linked"):
            text = texts.START_LINKED.format(name=info.get("partner_name") or "")
            if info.get("union_member"):
                # a union member gets the appeal button under the input field
                text += texts.APPEAL_START_HINT.format(organization=info.get("union_organization") or "")
                await update.message.reply_text(text, reply_markup=member_keyboard())
            else:
                await update.message.reply_text(text)
        else:
            await update.message.reply_text(texts.START_UNLINKED)

    async def on_link(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        code = "".join(context.args or [])  # "ABCD 2345" and "ABCD-2345" are the same code
        if not code or len(code) > 64:
            await update.message.reply_text(texts.LINK_USAGE)
            return
        username = update.effective_user.username if update.effective_user else False
        result = await self.odoo.call("link_chat", chat_key(update), code, username or False)
        if result.get("ok"):
            text = texts.LINK_OK.format(name=result.get("partner_name") or "")
            if result.get("union_member"):
                text += texts.APPEAL_START_HINT.format(organization=result.get("union_organization") or "")
                await update.message.reply_text(text, reply_markup=member_keyboard())
            else:
                await update.message.reply_text(text)
        else:
            await update.message.reply_text(texts.LINK_FAILED.format(error=result.get("error") or ""))

    # ------------------------------------------------------------ knowledge base

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        """Free text outside a dialog step is a question to the knowledge base."""
        chat_id = chat_key(update)
        articles = await kb.search(self.odoo, chat_id, short(update.message.text, 500), limit=3)
        info = await self.odoo.call("chat_info", chat_id)
        linked = bool(info.get("linked"))
        if not articles:
            if linked:
                markup = InlineKeyboardMarkup(
                    [[InlineKeyboardButton(texts.KB_OPEN_TICKET_BUTTON, callback_data="new")]]
                )
                await update.message.reply_text(texts.KB_NOT_FOUND, reply_markup=markup)
            else:
                await update.message.reply_text(texts.KB_NOT_FOUND_UNLINKED)
            return
        best, others = articles[0], articles[1:]
        await update.message.reply_text(
            texts.KB_FOUND.format(
                title=best.get("title") or "", summary=short(best.get("summary"), SUMMARY_MAX)
            )
        )
        if linked:
            await self._send_article(update.effective_chat.id, chat_id, best["id"], context)
        else:
            await context.bot.send_message(update.effective_chat.id, texts.KB_LINK_FOR_EMAIL)
        if others:
            markup = InlineKeyboardMarkup(
                [
                    [InlineKeyboardButton(short(a.get("title"), 60), callback_data=f"a:{a['id']}")]
                    for a in others
                ]
            )
            await context.bot.send_message(update.effective_chat.id, texts.KB_MORE, reply_markup=markup)

    async def _send_article(self, tg_chat_id, chat_id, article_id, context):
        result = await self.odoo.call("send_article", chat_id, int(article_id))
        if result.get("ok"):
            await context.bot.send_message(tg_chat_id, texts.KB_SENT.format(email=result.get("email") or ""))
        else:
            await context.bot.send_message(
                tg_chat_id, texts.KB_SEND_FAILED.format(error=result.get("error") or "")
            )

    async def on_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        await update.message.reply_text(texts.ONLY_TEXT)

    async def on_cancel(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        if context.chat_data.pop("draft", None):
            await update.message.reply_text(texts.NEW_CANCELLED)
        elif context.chat_data.pop("appeal", None):
            await update.message.reply_text(texts.APPEAL_CANCELLED)
        else:
            await update.message.reply_text(texts.NEW_NOTHING_TO_CANCEL)

    async def on_skip(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        """/skip with no rating comment pending."""
        await update.message.reply_text(texts.NEW_NOTHING_TO_CANCEL)

    # ------------------------------------------------------------ buttons outside a dialog step

    async def on_article(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        """A "more articles" button: the article goes to the linked work email."""
        query = update.callback_query
        await answer_query(update)
        chat_id = chat_key(update)
        info = await self.odoo.call("chat_info", chat_id)
        if info.get("linked"):
            await self._send_article(
                query.message.chat.id, chat_id, int(query.data.partition(":")[2]), context
            )
        else:
            await context.bot.send_message(query.message.chat.id, texts.KB_LINK_FOR_EMAIL)

    async def on_callback(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        """Any other button: of a dialog step already passed, or of a dialog already over."""
        query = update.callback_query
        await answer_query(update)
        kind, _sep, value = (query.data or "").partition(":")
        created = context.chat_data.get("created", {})
        if kind == "ok" and value in created:  # "send" pressed again after the ticket was created
            await query.edit_message_text(texts.NEW_CREATED.format(**created[value]))
        elif kind == "no":
            await query.edit_message_text(texts.NEW_CANCELLED)
        else:
            await query.edit_message_text(texts.NEW_EXPIRED)

    # ------------------------------------------------------------ my tickets

    async def on_my(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        chat_id = chat_key(update)
        info = await self.odoo.call("chat_info", chat_id)
        if not info.get("linked"):
            await update.message.reply_text(texts.NOT_LINKED)
            return
        tickets = await self.odoo.call("my_tickets", chat_id)
        if not tickets:
            await update.message.reply_text(texts.MY_NONE)
            return
        lines = [texts.MY_HEADER] + [
            texts.MY_LINE.format(
                number=t.get("number"), name=short(t.get("name"), 80), stage=t.get("stage") or ""
            )
            for t in tickets[:30]
        ]
        await update.message.reply_text("\n".join(lines))

    async def on_status(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        chat_id = chat_key(update)
        if not context.args or len(context.args[0]) > 32:
            await update.message.reply_text(texts.STATUS_USAGE)
            return
        info = await self.odoo.call("chat_info", chat_id)
        if not info.get("linked"):
            await update.message.reply_text(texts.NOT_LINKED)
            return
        number = context.args[0].strip().lstrip("№#")
        result = await self.odoo.call("ticket_status", chat_id, number)
        if not result.get("ok"):
            await update.message.reply_text(texts.STATUS_FAILED.format(error=result.get("error") or ""))
            return
        await update.message.reply_text(
            texts.STATUS_LINE.format(
                number=result.get("number"),
                name=result.get("name") or "",
                team=result.get("team") or "",
                stage=result.get("stage") or "",
                closed=texts.STATUS_CLOSED if result.get("closed") else "",
            )
        )
