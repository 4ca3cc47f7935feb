"""Small helpers shared by the handlers and dialogs."""

from telegram.error import TelegramError


def chat_key(update):
    """The chat id as Odoo's facade takes it (a string)."""
    return str(update.effective_chat.id)


def short(text, limit):
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


async def answer_query(update):
    """Stop the button's spinner; a failure to do so changes nothing."""
    if update.callback_query is not None:
        try:
            await update.callback_query.answer()
        except TelegramError:
            pass
