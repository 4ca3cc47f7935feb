"""The two-way conversation on a ticket and the one-tap rating.

- A reply (Telegram's reply-to) to a message the outbox delivered lands in that ticket's thread
  through ``post_reply``: Odoo maps the replied message's id (acknowledged by the outbox, see
  :func:`~telegram_bridge.outbox._ok`) onto its ticket. ``/reply NUMBER text`` does the same by
  the ticket's number. The update's chat and message id make the call idempotent: a retry after a
  restart posts nothing twice.
- A rating request (outbox kind ``rating``) carries buttons 1-5 with callback data
  ``r:<score>:<token>``; a tap calls ``rate_ticket`` and edits the request to thank and show the
  score (or what Odoo answered), then :class:`RatingDialog` waits for an optional comment, sent
  as the rating's feedback; ``/skip`` ends it without one.

Everything the user writes has passed the sensitive-data guard (``BridgeHandlers.on_any``) first.
"""

import time
import warnings

from telegram import Update
from telegram.error import TelegramError
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
from .odoo_client import OdooError
from .util import answer_query, chat_key

COMMENT = 0
COMMENT_MINUTES = 15  # a text later than this after the tap is not taken as the comment
NUMBER_MAX = 32


def update_uid(message):
    """Telegram's identity of a user's message: the same on every redelivery of its update."""
    return f"tg:{message.chat.id}:{message.message_id}"


class TicketReplies:
    """Reply-to a ticket's notification, and ``/reply NUMBER text``."""

    def __init__(self, odoo, fallback=None):
        self.odoo = odoo
        self.fallback = fallback  # what a reply to anything else is (the knowledge base's on_text)

    async def on_reply_to(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        message = update.message
        replied = message.reply_to_message
        if replied is None or replied.from_user is None or replied.from_user.id != context.bot.id:
            # a reply to one's own message is plain text
            if self.fallback is not None:
                await self.fallback(update, context)
            return
        await self.post(update, message.text, reply_to=replied.message_id)

    async def on_reply_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        message = update.message
        # "/reply N text": the text keeps its line breaks
        parts = (message.text or "").split(None, 2)
        if len(parts) < 3 or len(parts[1]) > NUMBER_MAX or not parts[2].strip():
            await message.reply_text(texts.REPLY_USAGE)
            return
        number = parts[1].strip().lstrip("№#")
        await self.post(update, parts[2], number=number)

    async def post(self, update, text, reply_to=False, number=False):
        message = update.message
        chat_id = chat_key(update)
        try:
            result = await self.odoo.call(
                "post_reply",
                chat_id,
                text.strip(),
                reply_to or False,
                number or False,
                update_uid(message),
            )
        except OdooError as exc:
            await message.reply_text(texts.REPLY_FAILED.format(error=exc.message))
            return
        await message.reply_text(texts.REPLY_POSTED.format(number=result.get("number") or ""))


class RatingDialog:
    """One tap rates the ticket; the next text message is the optional comment."""

    def __init__(self, odoo, replies=None):
        self.odoo = odoo
        self.replies = replies

    def handler(self):
        private = filters.ChatType.PRIVATE
        with warnings.catch_warnings():
            # tracked per chat (per_message=False): the pending comment is in chat_data
            warnings.filterwarnings("ignore", message=".*per_message.*", category=PTBUserWarning)
            return ConversationHandler(
                name="rating",
                entry_points=[CallbackQueryHandler(self.rate, pattern=r"^r:[1-5]:[\w-]+$")],
                states={
                    COMMENT: [MessageHandler(filters.TEXT & ~filters.COMMAND & private, self.comment)],
                },
                fallbacks=[CommandHandler("skip", self.skip, filters=private)],
                allow_reentry=True,  # another tap (this request or another) starts over
            )

    async def rate(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        query = update.callback_query
        await answer_query(update)
        _kind, score, token = query.data.split(":", 2)
        # an old message may come back as an inaccessible one, without its text
        request = getattr(query.message, "text", None) or ""
        try:
            result = await self.odoo.call("rate_ticket", chat_key(update), token, int(score), False)
        except OdooError as exc:
            context.chat_data.pop("rating", None)
            await self._edit(update, texts.RATING_FAILED.format(text=request, error=exc.message))
            return ConversationHandler.END
        score = int(result.get("rating") or score)
        await self._edit(
            update,
            texts.RATING_THANKS.format(text=request, stars="★" * score + "☆" * (5 - score), score=score),
        )
        ask = await context.bot.send_message(update.effective_chat.id, texts.RATING_ASK_COMMENT)
        context.chat_data["rating"] = {
            "token": token,
            "score": score,
            "number": result.get("number") or "",
            "ask": ask.message_id,
            "at": time.time(),
        }
        return COMMENT

    async def _edit(self, update, text):
        try:
            await update.callback_query.edit_message_text(text)  # the buttons go: the request is answered
        except TelegramError:
            await update.get_bot().send_message(update.effective_chat.id, text)

    async def comment(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        message = update.message
        pending = context.chat_data.pop("rating", None)
        replied = message.reply_to_message
        stale = not pending or time.time() - pending["at"] > COMMENT_MINUTES * 60
        other_reply = replied is not None and (not pending or replied.message_id != pending["ask"])
        if stale or other_reply:
            # not a comment: a reply to a ticket's message, or a new question long after the tap
            if self.replies is not None:
                if replied is not None:
                    await self.replies.on_reply_to(update, context)
                elif self.replies.fallback is not None:
                    await self.replies.fallback(update, context)
            return ConversationHandler.END
        try:
            result = await self.odoo.call(
                "rate_ticket", chat_key(update), pending["token"], pending["score"], message.text.strip()
            )
        except OdooError as exc:
            await message.reply_text(texts.RATING_COMMENT_FAILED.format(error=exc.message))
            return ConversationHandler.END
        await message.reply_text(texts.RATING_COMMENT_SAVED.format(number=result.get("number") or ""))
        return ConversationHandler.END

    async def skip(self, update: Update, context: ContextTypes.DEFAULT_TYPE):
        context.chat_data.pop("rating", None)
        await update.message.reply_text(texts.RATING_SKIPPED)
        return ConversationHandler.END
