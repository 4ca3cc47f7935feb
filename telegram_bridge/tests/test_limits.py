"""Telegram's limits on what the bot sends: the buckets, the per-chat update processor, and the
outbox against the fake Bot API that answers 429 as Telegram does."""

import asyncio
import time

from telegram import Chat, Message, Update, User

from telegram_bridge.processor import PerChatUpdateProcessor
from telegram_bridge.ratelimit import ANSWER_RESERVE, CHAT_BURST, TelegramLimits, is_group


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_private_chat_burst_then_one_a_second():
    clock = Clock()
    limits = TelegramLimits(overall=1000, per_chat=1.0, per_group=18, clock=clock)
    for _ in range(CHAT_BURST):
        assert limits.ready_in("501") == 0
        limits.overall.take(clock.now)
        limits._bucket("501", clock.now).take(clock.now)
        clock.now += 0.001  # the bot's overall budget refills: only the chat's own limit is left
    assert 0.99 <= limits.ready_in("501") <= 1.0
    assert limits.ready_in("502") == 0  # another chat is not held up
    clock.now += 1.0
    assert limits.ready_in("501") == 0


def test_group_twenty_a_minute_and_overall_rate():
    clock = Clock()
    limits = TelegramLimits(overall=2.0, per_chat=1.0, per_group=18, clock=clock)
    assert is_group("-1001") and not is_group("501") and is_group("@channel")
    group = limits._bucket("-1001", clock.now)
    for _ in range(18):
        group.take(clock.now)
    assert abs(limits.chat_ready_in("-1001") - 60 / 18) < 1e-6
    limits.overall.take(clock.now)  # a burst of one second's worth (2), then 2 a second
    assert limits.ready_in("777") == 0
    limits.overall.take(clock.now)
    assert abs(limits.ready_in("777") - 0.5) < 1e-6  # the bot's own budget
    limits.retry_after("777", 7)  # Telegram said 429: that chat waits
    clock.now += 1.0
    assert abs(limits.chat_ready_in("777") - 6.0) < 1e-6
    assert limits.chat_ready_in("778") == 0


def test_notifications_leave_the_reserve_to_answers():
    clock = Clock()
    limits = TelegramLimits(overall=10, per_chat=1.0, per_group=18, clock=clock)

    async def main():
        for n in range(10 - ANSWER_RESERVE):  # a burst of notifications to different chats
            await limits.acquire(str(900 + n), answer=False)
        # the next notification waits, an answer still goes at once, from the reserve
        assert limits._bot_wait(False, clock.now) > 0
        assert limits._bot_wait(True, clock.now) == 0
        await limits.acquire("950", answer=True)

    asyncio.run(asyncio.wait_for(main(), 5))  # the clock stands still: nothing above may wait
    assert limits.overall.tokens == ANSWER_RESERVE - 1


def test_an_answer_waiting_for_the_bot_goes_before_the_notifications():
    async def main():
        limits = TelegramLimits(overall=20, per_chat=1.0, per_group=18)
        for n in range(20):  # the bot's budget is spent
            await limits.acquire(str(800 + n), answer=True)
        order = []

        async def send(name, chat, answer):
            await limits.acquire(chat, answer=answer)
            order.append(name)

        notification = asyncio.create_task(send("notification", "850", False))
        await asyncio.sleep(0)  # the notification asked first
        answer = asyncio.create_task(send("answer", "851", True))
        await asyncio.gather(notification, answer)
        return order

    assert asyncio.run(asyncio.wait_for(main(), 10)) == ["answer", "notification"]


def test_an_answer_waiting_for_its_own_chat_holds_up_no_notification():
    clock = Clock()
    limits = TelegramLimits(overall=100, per_chat=1.0, per_group=18, clock=clock)

    async def main():
        for _ in range(CHAT_BURST):
            await limits.acquire("860", answer=True)
        answer = asyncio.create_task(limits.acquire("860", answer=True))  # waits for its chat
        await asyncio.sleep(0)
        assert not answer.done() and limits._answers_waiting == 0
        await limits.acquire("861", answer=False)  # goes at once
        clock.now += 1.0
        await answer

    asyncio.run(asyncio.wait_for(main(), 5))


def _update(update_id, chat_id):
    user = User(id=chat_id, first_name="Тест", is_bot=False)
    chat = Chat(id=chat_id, type="private")
    message = Message(message_id=update_id, date=None, chat=chat, from_user=user, text="x")
    return Update(update_id=update_id, message=message)


def test_per_chat_processor_orders_a_chat_and_runs_chats_concurrently():
    async def main():
        processor = PerChatUpdateProcessor(16)
        log = []
        running = {"now": 0, "max": 0}

        async def handle(name, delay):
            running["now"] += 1
            running["max"] = max(running["max"], running["now"])
            log.append(("start", name))
            await asyncio.sleep(delay)
            log.append(("end", name))
            running["now"] -= 1

        tasks = [
            asyncio.create_task(processor.process_update(_update(1, 501), handle("a1", 0.05))),
            asyncio.create_task(processor.process_update(_update(2, 501), handle("a2", 0.0))),
            asyncio.create_task(processor.process_update(_update(3, 502), handle("b1", 0.01))),
        ]
        await asyncio.gather(*tasks)
        return log, running["max"], processor._locks

    log, most, locks = asyncio.run(main())
    # the second update of chat 501 starts only after the first one ended, however short it is
    assert log.index(("end", "a1")) < log.index(("start", "a2"))
    # chat 502 did not wait for chat 501
    assert log.index(("end", "b1")) < log.index(("end", "a1"))
    assert most == 2
    assert locks == {}  # nothing kept for idle chats


def test_outbox_keeps_a_chats_order_and_its_limit_without_holding_up_others(telegram, odoo, bridge):
    bridge()
    # eight to one chat: more than the fake Bot API's burst for a private chat, so a bridge that
    # did not pace the chat would get a 429
    busy = [odoo.queue(700, f"Заявка HD0070{i} обновлена") for i in range(8)]
    others = [odoo.queue(701 + i, f"Заявка HD0071{i} обновлена") for i in range(6)]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not all(odoo.row(i)["state"] == "sent" for i in busy + others):
        time.sleep(0.05)
    assert all(odoo.row(i)["state"] == "sent" for i in busy + others)
    assert telegram.rejected == []  # no 429: the bridge kept below the limits itself
    to_busy = [m for m in telegram.messages("700")]
    assert [m["text"] for m in to_busy] == [f"Заявка HD0070{i} обновлена" for i in range(8)]
    # the other chats went out while chat 700 waited
    last_other = max(m["ts"] for m in telegram.messages() if m["chat_id"] != "700")
    assert last_other < to_busy[-1]["ts"]


def test_a_429_keeps_the_message_queued_and_spends_no_attempt(telegram, odoo, bridge):
    bridge()
    telegram.fail_next("sendMessage", count=1, status=429, retry_after=2)
    first = odoo.queue(720, "Заявка HD00720 выполнена")
    second = odoo.queue(721, "Заявка HD00721 выполнена")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and odoo.row(first)["state"] != "sent":
        time.sleep(0.05)
    assert odoo.row(first)["state"] == "sent" and odoo.row(first)["attempts"] == 0
    assert len(telegram.messages("720")) == 1
    # the chat that got no 429 was not made to wait for the other's retry_after
    assert telegram.messages("721")[0]["ts"] < telegram.messages("720")[0]["ts"]
    assert odoo.row(second)["state"] == "sent"
