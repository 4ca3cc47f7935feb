"""The /appeal dialog: a union member's appeal to his organisation, on python-telegram-bot's
ConversationHandler: subject, text, consent to the processing of personal data, confirmation.

It starts with ``/appeal`` or the menu button «Обращение в профсоюз» (the reply keyboard shown to
a linked member, see :func:`member_keyboard`). Odoo answers in ``chat_info`` whether the chat's
contact is a union member (``union_member``); an unlinked chat is told how to link, a linked
contact who is no member is told where else to turn. Every text the user sends has passed the
sensitive-data guard first (``BridgeHandlers.on_any``): a subject or text with a password, a card
number or passport data is held back there and the dialog waits at the same step.

The draft lives in ``chat_data["appeal"]``; its request uid is fixed when the text is taken, so
pressing "send" twice, or again after Odoo was unreachable, files one appeal. ``create_appeal``
(coop_union_telegram's part of the facade) files it in the member's organisation with the channel
Telegram. ``/cancel`` or the cancel buttons end the dialog at any step.

Two dialogs wait for text (this one and the new ticket's description): :class:`ActiveDialog`
tells their text steps apart, so that a text goes to the dialog the user started last.
"""

import re
import uuid
import warnings

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup, Update
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
from .odoo_client import OdooError, OdooUnavailable
from .util import ActiveDialog, answer_query, chat_key

SUBJECT, TEXT, CONSENT, CONFIRM = range(4)

NAME = "appeal"
SUBJECT_MIN = 3
SUBJECT_MAX = 120
TEXT_MIN = 10
TEXT_MAX = 4000
CREATED_KEPT = 20  # appeal numbers remembered per chat for a repeated press of "send"


def member_keyboard():
    """The menu a linked member sees under the input field: the appeal button."""
    return ReplyKeyboardMarkup([[KeyboardButton(texts.APPEAL_MENU_BUTTON)]], resize_keyboard=True)


def remember_created(chat_data, uid, number, subject):
    created = chat_data.setdefault("appeals_created", {})
    created[uid] = {"number": number, "subject": subject}
    if len(created) > CREATED_KEPT:
        created.pop(next(iter(created)))
    return created[uid]


class AppealDialog:
    def __init__(self, odoo, active=None):
        self.odoo = odoo
        self.active = active or ActiveDialog()

    def handler(self):
        private = filters.ChatType.PRIVATE
        mine = self.active.filter(NAME)
        text = filters.TEXT & ~filters.COMMAND & private & mine
        menu = filters.Regex(f"^{re.escape(texts.APPEAL_MENU_BUTTON)}$") & private
        with warnings.catch_warnings():
            # tracked per chat (per_message=False): every button checks the draft's uid itself
            warnings.filterwarnings("ignore", message=".*per_message.*", category=PTBUserWarning)
            return ConversationHandler(
                name="appeal",
                entry_points=[
                    CommandHandler("appeal", self.start, filters=private),
                    MessageHandler(menu, self.start),
                    CallbackQueryHandler(self.start, pattern=r"^appeal$"),
                ],
                states={
                    SUBJECT: [MessageHandler(text & ~menu, self.take_subject)],
                    TEXT: [MessageHandler(text & ~menu, self.take_text)],
                    CONSENT: [
                        CallbackQueryHandler(self.consent, pattern=r"^apc:[yn]:\w+$"),
                        MessageHandler(text & ~menu, self.consent_by_text),
                    ],
                    CONFIRM: [
                        CallbackQueryHandler(self.confirm, pattern=r"^apo:\w+$"),
                        CallbackQueryHandler(self.cancel_button, pattern=r"^apx:\w+$"),
                    ],
                },
                fallbacks=[CommandHandler("cancel", self.cancel, filters=private & mine)],
                allow_reentry=True,  # /appeal (or the menu button) starts over
            )

    # ------------------------------------------------------------ entry

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        await answer_query(update)
        tg_chat_id = update.effective_chat.id
        info = await self.odoo.call("chat_info", chat_key(update))
        if not info.get("linked"):
            self._drop(update, context)
            await context.bot.send_message(tg_chat_id, texts.APPEAL_NOT_LINKED)
            return ConversationHandler.END
        if not info.get("union_member"):
            self._drop(update, context)
            await context.bot.send_message(tg_chat_id, texts.APPEAL_NOT_MEMBER)
            return ConversationHandler.END
        context.chat_data["appeal"] = {"organization": info.get("union_organization") or ""}
        self.active.start(tg_chat_id, NAME)
        await context.bot.send_message(
            tg_chat_id,
            texts.APPEAL_ASK_SUBJECT.format(organization=info.get("union_organization") or ""),
        )
        return SUBJECT

    # ------------------------------------------------------------ steps

    async def take_subject(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        draft = context.chat_data.get("appeal")
        if not draft:
            self._drop(update, context)
            return ConversationHandler.END
        subject = " ".join((update.message.text or "").split())
        if len(subject) < SUBJECT_MIN:
            await update.message.reply_text(texts.APPEAL_SUBJECT_TOO_SHORT)
            return None
        if len(subject) > SUBJECT_MAX:
            await update.message.reply_text(texts.APPEAL_SUBJECT_TOO_LONG.format(limit=SUBJECT_MAX))
            return None
        draft["subject"] = subject
        await update.message.reply_text(texts.APPEAL_ASK_TEXT)
        return TEXT

    async def take_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        draft = context.chat_data.get("appeal")
        if not draft or not draft.get("subject"):
            self._drop(update, context)
            return ConversationHandler.END
        body = (update.message.text or "").strip()
        if len(body) < TEXT_MIN:
            await update.message.reply_text(texts.APPEAL_TEXT_TOO_SHORT)
            return None
        if len(body) > TEXT_MAX:
            await update.message.reply_text(texts.APPEAL_TEXT_TOO_LONG.format(limit=TEXT_MAX))
            return None
        # The request uid is fixed here: "send" pressed twice, or again after an error, files
        # one appeal.
        uid = uuid.uuid4().hex
        draft.update(text=body, uid=uid, consent=False)
        markup = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(texts.APPEAL_CONSENT_YES, callback_data=f"apc:y:{uid}"),
                    InlineKeyboardButton(texts.APPEAL_CONSENT_NO, callback_data=f"apc:n:{uid}"),
                ]
            ]
        )
        await update.message.reply_text(texts.APPEAL_CONSENT, reply_markup=markup)
        return CONSENT

    async def consent_by_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        """A text where a button is expected: consent is given with the button only."""
        await update.message.reply_text(texts.APPEAL_CONSENT_BUTTONS)
        return None

    async def consent(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        query = update.callback_query
        await answer_query(update)
        _kind, answer, uid = query.data.split(":", 2)
        draft = context.chat_data.get("appeal")
        if not draft or draft.get("uid") != uid:
            await query.edit_message_text(texts.APPEAL_EXPIRED)
            return None
        if answer != "y":
            self._drop(update, context)
            await query.edit_message_text(texts.APPEAL_NO_CONSENT)
            return ConversationHandler.END
        draft["consent"] = True
        await query.edit_message_text(texts.APPEAL_CONSENT_GIVEN)
        markup = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(texts.APPEAL_SEND_BUTTON, callback_data=f"apo:{uid}"),
                    InlineKeyboardButton(texts.APPEAL_CANCEL_BUTTON, callback_data=f"apx:{uid}"),
                ]
            ]
        )
        await context.bot.send_message(
            query.message.chat.id,
            texts.APPEAL_CONFIRM.format(
                organization=draft.get("organization") or "", subject=draft["subject"], text=draft["text"]
            ),
            reply_markup=markup,
        )
        return CONFIRM

    async def confirm(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        query = update.callback_query
        await answer_query(update)
        uid = query.data.partition(":")[2]
        created = context.chat_data.get("appeals_created", {})
        if uid in created:
            await query.edit_message_text(texts.APPEAL_CREATED.format(**created[uid]))
            return None
        draft = context.chat_data.get("appeal")
        if not draft or draft.get("uid") != uid or not draft.get("consent"):
            await query.edit_message_text(texts.APPEAL_EXPIRED)
            return None
        try:
            result = await self.odoo.call(
                "create_appeal", chat_key(update), draft["subject"], draft["text"], True, uid
            )
        except OdooUnavailable:
            # The draft and its uid stay: pressing the button again files the appeal once.
            await context.bot.send_message(query.message.chat.id, texts.APPEAL_ODOO_DOWN)
            return None
        except OdooError as exc:
            self._drop(update, context)
            await query.edit_message_text(texts.APPEAL_FAILED.format(error=exc.message))
            return ConversationHandler.END
        self._drop(update, context)
        if not result.get("ok"):
            await query.edit_message_text(texts.APPEAL_FAILED.format(error=result.get("error") or ""))
            return ConversationHandler.END
        appeal = remember_created(
            context.chat_data, uid, result.get("number") or str(result.get("id")), result.get("subject") or ""
        )
        await query.edit_message_text(texts.APPEAL_CREATED.format(**appeal))
        return ConversationHandler.END

    # ------------------------------------------------------------ leaving

    def _drop(self, update, context):
        context.chat_data.pop("appeal", None)
        self.active.end(update.effective_chat.id, NAME)

    async def cancel_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        query = update.callback_query
        await answer_query(update)
        draft = context.chat_data.get("appeal")
        await query.edit_message_text(texts.APPEAL_CANCELLED)
        if draft and draft.get("uid") == query.data.partition(":")[2]:
            self._drop(update, context)
            return ConversationHandler.END
        return None

    async def cancel(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        self._drop(update, context)
        await update.message.reply_text(texts.APPEAL_CANCELLED)
        return ConversationHandler.END

    async def on_stale(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        """A button of an appeal dialog already over (or of a step already passed)."""
        query = update.callback_query
        await answer_query(update)
        kind, _sep, value = (query.data or "").partition(":")
        created = context.chat_data.get("appeals_created", {})
        if kind == "apo" and value in created:
            await query.edit_message_text(texts.APPEAL_CREATED.format(**created[value]))
        elif kind == "apx":
            await query.edit_message_text(texts.APPEAL_CANCELLED)
        else:
            await query.edit_message_text(texts.APPEAL_EXPIRED)
