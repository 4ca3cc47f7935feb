"""Per-chat ordering with concurrency between chats (python-telegram-bot's update processor API).

The updates of one chat are handled one after the other, in the order Telegram delivered them,
so a dialog (ConversationHandler) and the chat's data always see the previous update finished;
the updates of different chats run concurrently, up to ``max_concurrent_updates`` at once.
"""

import asyncio

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates=64):
        super().__init__(max_concurrent_updates)
        self._locks = {}  # chat id -> [asyncio.Lock, number of updates holding or waiting for it]

    @staticmethod
    def _key(update):
        if isinstance(update, Update):
            if update.effective_chat is not None:
                return update.effective_chat.id
            if update.effective_user is not None:
                return ("user", update.effective_user.id)
        return None

    async def do_process_update(self, update, coroutine):
        key = self._key(update)
        if key is None:
            await coroutine
            return
        entry = self._locks.get(key)
        if entry is None:
            entry = self._locks[key] = [asyncio.Lock(), 0]
        entry[1] += 1
        try:
            async with entry[0]:
                await coroutine
        finally:
            entry[1] -= 1
            if not entry[1]:
                # nobody holds or waits for this chat's lock: forget it (memory stays bounded)
                del self._locks[key]

    async def initialize(self):
        pass

    async def shutdown(self):
        pass
