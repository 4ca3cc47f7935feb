"""Small helpers shared by the handlers and dialogs."""

from telegram.error import TelegramError
from telegram.ext import filters


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


class ActiveDialog:
    """Which of the dialogs that wait for text a chat started last.

    Two ConversationHandlers with a text step (the appeal's subject and text, the new ticket's
    description) would both take a chat's next text: the first one listed wins, even when the
    user has since started the other. Each such dialog marks itself here when it starts and
    unmarks when it ends; its text steps carry :meth:`filter`, so a text goes to the dialog the
    user is in. One chat's updates are handled one at a time, so no lock is needed.
    """

    def __init__(self):
        self._by_chat = {}

    def start(self, chat_id, name):
        self._by_chat[chat_id] = name

    def end(self, chat_id, name):
        if self._by_chat.get(chat_id) == name:
            del self._by_chat[chat_id]

    def current(self, chat_id):
        return self._by_chat.get(chat_id)

    def filter(self, name):
        """A message filter: true for a message of a chat whose current dialog is ``name``."""
        active = self

        class _Current(filters.MessageFilter):
            def filter(self, message):
                return active.current(message.chat.id) == name

        return _Current(name=f"ActiveDialog({name})")
