"""The /new dialog on python-telegram-bot's ConversationHandler: team, template, description, confirmation.

Each state has its own handlers (inline buttons by callback-data pattern, the description as a
text message). The draft lives in ``chat_data["draft"]``; the dialog's state is the
ConversationHandler's. A button of another step, or of a dialog already over, falls through to
:meth:`BridgeHandlers.on_callback`, which says the button is out of date (or repeats the
ticket number for a second press of "send"). Updates of one chat reach the dialog one at a time
(:class:`~telegram_bridge.processor.PerChatUpdateProcessor`).
"""

import uuid
import warnings

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from . import texts
from .odoo_client import OdooUnavailable
from .util import ActiveDialog, answer_query, chat_key, short

TEAM, TEMPLATE, DESCRIPTION, CONFIRM = range(4)

NAME = "new_ticket"

DESCRIPTION_MIN = 5
DESCRIPTION_MAX = 2000
CREATED_KEPT = 20  # ticket numbers remembered per chat for a repeated press of "send"


def remember_created(chat_data, uid, number, name):
    created = chat_data.setdefault("created", {})
    created[uid] = {"number": number, "name": name}
    if len(created) > CREATED_KEPT:
        created.pop(next(iter(created)))
    return created[uid]


class NewTicketDialog:
    def __init__(self, odoo, active=None):
        self.odoo = odoo
        # the description step takes a text only while this is the chat's current dialog
        self.active = active or ActiveDialog()

    def handler(self):
        private = filters.ChatType.PRIVATE
        with warnings.catch_warnings():
            # The dialog is tracked per chat, not per message (per_message=False, as in the
            # library's inlinekeyboard2.py example): every button checks the draft itself.
            warnings.filterwarnings("ignore", message=".*per_message.*", category=PTBUserWarning)
            return ConversationHandler(
                name="new_ticket",
                entry_points=[
                    CommandHandler("new", self.start, filters=private),
                    CallbackQueryHandler(self.start, pattern=r"^new$"),
                ],
                states={
                    TEAM: [CallbackQueryHandler(self.choose_team, pattern=r"^t:\d+$")],
                    TEMPLATE: [CallbackQueryHandler(self.choose_template, pattern=r"^p:\d+$")],
                    DESCRIPTION: [
                        MessageHandler(
                            filters.TEXT & ~filters.COMMAND & private & self.active.filter(NAME),
                            self.take_description,
                        )
                    ],
                    CONFIRM: [
                        CallbackQueryHandler(self.confirm, pattern=r"^ok:\w+$"),
                        CallbackQueryHandler(self.cancel_button, pattern=r"^no:\w+$"),
                    ],
                },
                fallbacks=[CommandHandler("cancel", self.cancel, filters=private)],
                allow_reentry=True,  # /new (or the "open a ticket" button) starts over
            )

    # ------------------------------------------------------------ entry

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        await answer_query(update)
        tg_chat_id = update.effective_chat.id
        chat_id = chat_key(update)
        info = await self.odoo.call("chat_info", chat_id)
        if not info.get("linked"):
            context.chat_data.pop("draft", None)
            await context.bot.send_message(tg_chat_id, texts.NOT_LINKED)
            return ConversationHandler.END
        teams = await self.odoo.call("list_teams", chat_id)
        if not teams:
            await context.bot.send_message(tg_chat_id, texts.NEW_NO_TEAMS)
            return ConversationHandler.END
        context.chat_data["draft"] = {"teams": {str(t["id"]): t["name"] for t in teams}}
        self.active.start(tg_chat_id, NAME)
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(t["name"], callback_data=f"t:{t['id']}")] for t in teams]
        )
        await context.bot.send_message(tg_chat_id, texts.NEW_CHOOSE_TEAM, reply_markup=markup)
        return TEAM

    # ------------------------------------------------------------ steps

    async def choose_team(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        query = update.callback_query
        await answer_query(update)
        team_id = query.data.partition(":")[2]
        draft = context.chat_data.get("draft")
        if not draft or team_id not in draft["teams"]:
            await query.edit_message_text(texts.NEW_EXPIRED)
            return None
        draft.update(team_id=int(team_id), team=draft["teams"][team_id])
        templates = await self.odoo.call("list_templates", chat_key(update), int(team_id))
        draft["templates"] = {
            str(t["id"]): {"name": t["name"], "hint": t.get("description") or ""} for t in templates
        }
        if not templates:
            draft.update(template_id=False, template=texts.NEW_WITHOUT_TEMPLATE)
            await query.edit_message_text(
                texts.NEW_CHOSEN.format(team=draft["team"], template=draft["template"])
            )
            await context.bot.send_message(query.message.chat.id, texts.NEW_ASK_DESCRIPTION)
            return DESCRIPTION
        rows = [[InlineKeyboardButton(short(t["name"], 60), callback_data=f"p:{t['id']}")] for t in templates]
        rows.append([InlineKeyboardButton(texts.NEW_NO_TEMPLATE_BUTTON, callback_data="p:0")])
        await query.edit_message_text(
            texts.NEW_CHOOSE_TEMPLATE.format(team=draft["team"]), reply_markup=InlineKeyboardMarkup(rows)
        )
        return TEMPLATE

    async def choose_template(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        query = update.callback_query
        await answer_query(update)
        template_id = query.data.partition(":")[2]
        draft = context.chat_data.get("draft")
        if not draft or (template_id != "0" and template_id not in draft.get("templates", {})):
            await query.edit_message_text(texts.NEW_EXPIRED)
            return None
        if template_id == "0":
            draft.update(template_id=False, template=texts.NEW_WITHOUT_TEMPLATE)
            hint = ""
        else:
            tpl = draft["templates"][template_id]
            draft.update(template_id=int(template_id), template=tpl["name"])
            hint = tpl["hint"]
        await query.edit_message_text(texts.NEW_CHOSEN.format(team=draft["team"], template=draft["template"]))
        text = texts.NEW_ASK_DESCRIPTION
        if hint:
            text = texts.NEW_TEMPLATE_HINT.format(hint=short(hint, 500)) + "\n\n" + text
        await context.bot.send_message(query.message.chat.id, text)
        return DESCRIPTION

    async def take_description(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        draft = context.chat_data.get("draft")
        if not draft:
            return ConversationHandler.END
        description = (update.message.text or "").strip()
        if len(description) < DESCRIPTION_MIN:
            await update.message.reply_text(texts.NEW_TOO_SHORT)
            return None
        if len(description) > DESCRIPTION_MAX:
            await update.message.reply_text(texts.NEW_TOO_LONG.format(limit=DESCRIPTION_MAX))
            return None
        # The request uid is fixed here: pressing "send" twice, or again after an error, can
        # never open a second ticket.
        uid = uuid.uuid4().hex
        draft.update(description=description, uid=uid)
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
        return CONFIRM

    async def confirm(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        try:
            return await self._confirm(update, context)
        finally:
            # the button's spinner stops once the answer is there (the ticket number, or why
            # not): under a crowd, the answer is what the user waits for, so it goes first
            await answer_query(update)

    async def _confirm(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        query = update.callback_query
        uid = query.data.partition(":")[2]
        created = context.chat_data.get("created", {})
        if uid in created:
            await query.edit_message_text(texts.NEW_CREATED.format(**created[uid]))
            return None
        draft = context.chat_data.get("draft")
        if not draft or draft.get("uid") != uid:
            await query.edit_message_text(texts.NEW_EXPIRED)
            return None
        try:
            result = await self.odoo.call(
                "create_ticket",
                chat_key(update),
                draft["team_id"],
                draft["template_id"] or False,
                draft["description"],
                uid,
            )
        except OdooUnavailable:
            # The draft and its uid stay: pressing the button again creates the ticket once.
            await context.bot.send_message(query.message.chat.id, texts.ODOO_DOWN)
            return None
        context.chat_data.pop("draft", None)
        self.active.end(query.message.chat.id, NAME)
        if not result.get("ok"):
            await query.edit_message_text(texts.NEW_FAILED.format(error=result.get("error") or ""))
            return ConversationHandler.END
        ticket = remember_created(
            context.chat_data, uid, result.get("number") or str(result.get("id")), result.get("name") or ""
        )
        # Odoo answered once the request and its number were committed; the ticket, its team
        # chat post among its follow-ups, comes from Odoo's registration job a moment later:
        # the outbox's next claim brings the post (no wake-up here: a burst of requests gets
        # its answers first)
        await query.edit_message_text(texts.NEW_CREATED.format(**ticket))
        return ConversationHandler.END

    # ------------------------------------------------------------ leaving

    async def cancel_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        query = update.callback_query
        await answer_query(update)
        draft = context.chat_data.get("draft")
        await query.edit_message_text(texts.NEW_CANCELLED)
        if draft and draft.get("uid") == query.data.partition(":")[2]:
            context.chat_data.pop("draft", None)
            self.active.end(query.message.chat.id, NAME)
            return ConversationHandler.END
        return None

    async def cancel(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        context.chat_data.pop("draft", None)
        self.active.end(update.effective_chat.id, NAME)
        await update.message.reply_text(texts.NEW_CANCELLED)
        return ConversationHandler.END
