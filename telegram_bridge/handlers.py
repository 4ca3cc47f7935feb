"""Telegram update handlers: start/link, knowledge base, the /new dialog, /my and /status."""

import asyncio
import collections
import functools
import logging
import uuid

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
from .odoo_client import OdooError, OdooUnavailable
from .ratelimit import RateLimiter

_logger = logging.getLogger(__name__)

DESCRIPTION_MIN = 5
DESCRIPTION_MAX = 2000
SUMMARY_MAX = 700


def _chat_id(update):
    return str(update.effective_chat.id)


def _short(text, limit):
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def per_chat(handler):
    """Serialise the handling of one chat's updates (updates of different chats run concurrently)."""

    @functools.wraps(handler)
    async def wrapper(self, update, context):
        chat = update.effective_chat
        if chat is None:
            return await handler(self, update, context)
        async with self._lock(chat.id):
            return await handler(self, update, context)

    return wrapper


class BridgeHandlers:
    def __init__(self, odoo, limiter=None, worker=None):
        self.odoo = odoo
        self.limiter = limiter or RateLimiter()
        self.worker = worker
        self._locks = collections.defaultdict(asyncio.Lock)

    def _lock(self, chat_id):
        if len(self._locks) > 5000:
            for key in [k for k, lock in self._locks.items() if not lock.locked()]:
                del self._locks[key]
        return self._locks[chat_id]

    def register(self, app):
        private = filters.ChatType.PRIVATE
        app.add_handler(TypeHandler(Update, self.on_any), group=-1)
        app.add_handler(CommandHandler("start", self.on_start))
        app.add_handler(CommandHandler("help", self.on_start))
        app.add_handler(CommandHandler("link", self.on_link, filters=private))
        app.add_handler(CommandHandler("new", self.on_new, filters=private))
        app.add_handler(CommandHandler("my", self.on_my, filters=private))
        app.add_handler(CommandHandler("status", self.on_status, filters=private))
        app.add_handler(CommandHandler("cancel", self.on_cancel, filters=private))
        app.add_handler(CallbackQueryHandler(self.on_callback))
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
            if update.callback_query:
                try:
                    await update.callback_query.answer()
                except TelegramError:
                    pass
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

    @per_chat
    async def on_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        chat = update.effective_chat
        if chat.type != ChatType.PRIVATE:
            await context.bot.send_message(chat.id, texts.START_GROUP.format(chat_id=chat.id))
            return
        try:
            info = await self.odoo.call("chat_info", _chat_id(update), retries=1)
        except OdooUnavailable:
            info = {}
        if info.get("linked"):
            await update.message.reply_text(texts.START_LINKED.format(name=info.get("partner_name") or ""))
        else:
            await update.message.reply_text(texts.START_UNLINKED)

    @per_chat
    async def on_link(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        code = "".join(context.args or [])  # "ABCD 2345" and "ABCD-2345" are the same code
        if not code or len(code) > 64:
            await update.message.reply_text(texts.LINK_USAGE)
            return
        username = update.effective_user.username if update.effective_user else False
        result = await self.odoo.call("link_chat", _chat_id(update), code, username or False)
        if result.get("ok"):
            await update.message.reply_text(texts.LINK_OK.format(name=result.get("partner_name") or ""))
        else:
            await update.message.reply_text(texts.LINK_FAILED.format(error=result.get("error") or ""))

    # ------------------------------------------------------------ knowledge base

    @per_chat
    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        draft = context.chat_data.get("draft")
        if draft and draft.get("step") == "description":
            await self._take_description(update, context, draft)
            return
        await self._answer_question(update, context)

    async def _answer_question(self, update, context):
        chat_id = _chat_id(update)
        articles = await kb.search(self.odoo, chat_id, _short(update.message.text, 500), limit=3)
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
                title=best.get("title") or "", summary=_short(best.get("summary"), SUMMARY_MAX)
            )
        )
        if linked:
            await self._send_article(update.effective_chat.id, chat_id, best["id"], context)
        else:
            await context.bot.send_message(update.effective_chat.id, texts.KB_LINK_FOR_EMAIL)
        if others:
            markup = InlineKeyboardMarkup(
                [
                    [InlineKeyboardButton(_short(a.get("title"), 60), callback_data=f"a:{a['id']}")]
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

    # ------------------------------------------------------------ /new dialog

    @per_chat
    async def on_new(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        await self._start_new(update.effective_chat.id, _chat_id(update), context)

    async def _start_new(self, tg_chat_id, chat_id, context):
        info = await self.odoo.call("chat_info", chat_id)
        if not info.get("linked"):
            context.chat_data.pop("draft", None)
            await context.bot.send_message(tg_chat_id, texts.NOT_LINKED)
            return
        teams = await self.odoo.call("list_teams", chat_id)
        if not teams:
            await context.bot.send_message(tg_chat_id, texts.NEW_NO_TEAMS)
            return
        context.chat_data["draft"] = {"step": "team", "teams": {str(t["id"]): t["name"] for t in teams}}
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(t["name"], callback_data=f"t:{t['id']}")] for t in teams]
        )
        await context.bot.send_message(tg_chat_id, texts.NEW_CHOOSE_TEAM, reply_markup=markup)

    async def _choose_team(self, query, context, chat_id, team_id):
        draft = context.chat_data.get("draft")
        if not draft or draft.get("step") != "team" or team_id not in draft["teams"]:
            await query.edit_message_text(texts.NEW_EXPIRED)
            return
        draft.update(team_id=int(team_id), team=draft["teams"][team_id])
        templates = await self.odoo.call("list_templates", chat_id, int(team_id))
        draft["templates"] = {
            str(t["id"]): {"name": t["name"], "hint": t.get("description") or ""} for t in templates
        }
        if not templates:
            draft.update(step="description", template_id=False, template=texts.NEW_WITHOUT_TEMPLATE)
            await query.edit_message_text(
                texts.NEW_CHOSEN.format(team=draft["team"], template=draft["template"])
            )
            await context.bot.send_message(query.message.chat.id, texts.NEW_ASK_DESCRIPTION)
            return
        draft["step"] = "template"
        rows = [
            [InlineKeyboardButton(_short(t["name"], 60), callback_data=f"p:{t['id']}")] for t in templates
        ]
        rows.append([InlineKeyboardButton(texts.NEW_NO_TEMPLATE_BUTTON, callback_data="p:0")])
        await query.edit_message_text(
            texts.NEW_CHOOSE_TEMPLATE.format(team=draft["team"]), reply_markup=InlineKeyboardMarkup(rows)
        )

    async def _choose_template(self, query, context, template_id):
        draft = context.chat_data.get("draft")
        if (
            not draft
            or draft.get("step") != "template"
            or (template_id != "0" and template_id not in draft["templates"])
        ):
            await query.edit_message_text(texts.NEW_EXPIRED)
            return
        if template_id == "0":
            draft.update(template_id=False, template=texts.NEW_WITHOUT_TEMPLATE)
            hint = ""
        else:
            tpl = draft["templates"][template_id]
            draft.update(template_id=int(template_id), template=tpl["name"])
            hint = tpl["hint"]
        draft["step"] = "description"
        await query.edit_message_text(texts.NEW_CHOSEN.format(team=draft["team"], template=draft["template"]))
        text = texts.NEW_ASK_DESCRIPTION
        if hint:
            text = texts.NEW_TEMPLATE_HINT.format(hint=_short(hint, 500)) + "\n\n" + text
        await context.bot.send_message(query.message.chat.id, text)

    async def _take_description(self, update, context, draft):
        description = (update.message.text or "").strip()
        if len(description) < DESCRIPTION_MIN:
            await update.message.reply_text(texts.NEW_TOO_SHORT)
            return
        if len(description) > DESCRIPTION_MAX:
            await update.message.reply_text(texts.NEW_TOO_LONG.format(limit=DESCRIPTION_MAX))
            return
        # The request uid is fixed here: pressing "send" twice, or again after an error, can
        # never open a second ticket.
        uid = uuid.uuid4().hex
        draft.update(step="confirm", description=description, uid=uid)
        markup = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(texts.NEW_CONFIRM_BUTTON, callback_data=f"ok:{uid}"),
                    InlineKeyboardButton(texts.NEW_CANCEL_BUTTON, callback_data=f"no:{uid}"),
                ]
            ]
        )
        await update.message.reply_text(
            texts.NEW_CONFIRM.format(team=draft["team"], template=draft["template"], description=description),
            reply_markup=markup,
        )

    async def _confirm(self, query, context, chat_id, uid):
        created = context.chat_data.setdefault("created", {})
        draft = context.chat_data.get("draft")
        if uid in created:
            await query.edit_message_text(texts.NEW_CREATED.format(**created[uid]))
            return
        if not draft or draft.get("step") != "confirm" or draft.get("uid") != uid:
            await query.edit_message_text(texts.NEW_EXPIRED)
            return
        try:
            result = await self.odoo.call(
                "create_ticket",
                chat_id,
                draft["team_id"],
                draft["template_id"] or False,
                draft["description"],
                uid,
            )
        except OdooUnavailable:
            # The draft and its uid stay: pressing the button again creates the ticket once.
            await context.bot.send_message(query.message.chat.id, texts.ODOO_DOWN)
            return
        if not result.get("ok"):
            context.chat_data.pop("draft", None)
            await query.edit_message_text(texts.NEW_FAILED.format(error=result.get("error") or ""))
            return
        context.chat_data.pop("draft", None)
        created[uid] = {
            "number": result.get("number") or str(result.get("id")),
            "name": result.get("name") or "",
        }
        if len(created) > 20:
            created.pop(next(iter(created)))
        await query.edit_message_text(texts.NEW_CREATED.format(**created[uid]))
        if self.worker is not None:
            self.worker.wake()  # the team chat post is waiting in the outbox

    @per_chat
    async def on_cancel(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        if context.chat_data.pop("draft", None):
            await update.message.reply_text(texts.NEW_CANCELLED)
        else:
            await update.message.reply_text(texts.NEW_NOTHING_TO_CANCEL)

    # ------------------------------------------------------------ callbacks

    @per_chat
    async def on_callback(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        query = update.callback_query
        data = query.data or ""
        chat_id = _chat_id(update)
        try:
            await query.answer()
        except TelegramError:
            pass
        kind, _sep, value = data.partition(":")
        if kind == "t":
            await self._choose_team(query, context, chat_id, value)
        elif kind == "p":
            await self._choose_template(query, context, value)
        elif kind == "ok":
            await self._confirm(query, context, chat_id, value)
        elif kind == "no":
            draft = context.chat_data.get("draft")
            if draft and draft.get("uid") == value:
                context.chat_data.pop("draft", None)
            await query.edit_message_text(texts.NEW_CANCELLED)
        elif kind == "new":
            await self._start_new(query.message.chat.id, chat_id, context)
        elif kind == "a" and value.isdigit():
            info = await self.odoo.call("chat_info", chat_id)
            if info.get("linked"):
                await self._send_article(query.message.chat.id, chat_id, int(value), context)
            else:
                await context.bot.send_message(query.message.chat.id, texts.KB_LINK_FOR_EMAIL)
        else:
            await query.edit_message_text(texts.NEW_EXPIRED)

    # ------------------------------------------------------------ my tickets

    @per_chat
    async def on_my(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        chat_id = _chat_id(update)
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
                number=t.get("number"), name=_short(t.get("name"), 80), stage=t.get("stage") or ""
            )
            for t in tickets[:30]
        ]
        await update.message.reply_text("\n".join(lines))

    @per_chat
    async def on_status(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        chat_id = _chat_id(update)
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


__all__ = ["BridgeHandlers", "OdooError"]
