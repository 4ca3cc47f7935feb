"""Outbox delivery: exactly once, through 429, 5xx, Telegram and Odoo outages and restarts."""

import time


def wait_until(predicate, timeout=20.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def sent_texts(telegram, text):
    return [m for m in telegram.messages() if m["text"] == text and not m.get("edit")]


def test_delivers_once_and_acks(telegram, odoo, bridge):
    ids = [odoo.queue(600 + i, f"Заявка HD0000{i} взята в работу") for i in range(3)]
    bridge()
    wait_until(lambda: all(odoo.row(i)["state"] == "sent" for i in ids), what="all sent")
    time.sleep(0.5)
    for i in range(3):
        assert len(sent_texts(telegram, f"Заявка HD0000{i} взята в работу")) == 1
        assert odoo.row(ids[i])["attempts"] == 0


def test_flood_control_429_is_waited_out(telegram, odoo, bridge):
    telegram.fail_next("sendMessage", count=1, status=429, retry_after=1)
    bridge()
    start = time.monotonic()
    oid = odoo.queue(610, "Заявка HD00010 выполнена")
    wait_until(lambda: odoo.row(oid)["state"] == "sent", what="sent after 429")
    assert time.monotonic() - start >= 1.0
    assert len(sent_texts(telegram, "Заявка HD00010 выполнена")) == 1
    assert odoo.row(oid)["attempts"] == 0
    assert [m for m, _ in telegram.calls].count("sendMessage") == 2


def test_server_error_retried_later(telegram, odoo, bridge):
    telegram.fail_next("sendMessage", count=1, status=500)
    bridge(OUTBOX_RETRY_DELAY="1")
    oid = odoo.queue(620, "Заявка HD00020 взята в работу")
    wait_until(lambda: odoo.row(oid)["attempts"] == 1, what="one failed attempt")
    assert "500" in odoo.row(oid)["last_error"] or "Internal" in odoo.row(oid)["last_error"]
    wait_until(lambda: odoo.row(oid)["state"] == "sent", what="sent after 5xx")
    assert len(sent_texts(telegram, "Заявка HD00020 взята в работу")) == 1


def test_telegram_unreachable_spends_no_attempt(telegram, odoo, bridge):
    telegram.fail_next("sendMessage", count=3, status=0)
    bridge()
    oid = odoo.queue(630, "Заявка HD00030 выполнена")
    wait_until(lambda: odoo.row(oid)["state"] == "sent", timeout=30, what="sent after the outage")
    assert odoo.row(oid)["attempts"] == 0
    assert len(sent_texts(telegram, "Заявка HD00030 выполнена")) == 1


def test_blocked_chat_fails_permanently(telegram, odoo, bridge):
    telegram.fail_next(
        "sendMessage", count=1, status=403, description="Forbidden: bot was blocked by the user"
    )
    bridge()
    oid = odoo.queue(640, "Заявка HD00040 выполнена")
    wait_until(lambda: odoo.row(oid)["state"] == "failed", what="failed")
    assert "blocked" in odoo.row(oid)["last_error"]
    other = odoo.queue(641, "Заявка HD00041 выполнена")
    wait_until(lambda: odoo.row(other)["state"] == "sent", what="next message sent")


def test_messages_wait_while_odoo_is_down(telegram, odoo, bridge):
    odoo.down = True
    bridge()
    oid = odoo.queue(650, "Заявка HD00050 взята в работу")
    time.sleep(1.5)
    assert sent_texts(telegram, "Заявка HD00050 взята в работу") == []
    odoo.down = False
    wait_until(lambda: odoo.row(oid)["state"] == "sent", what="sent after Odoo came back")
    assert len(sent_texts(telegram, "Заявка HD00050 взята в работу")) == 1


def test_restart_after_lost_ack_never_resends(telegram, odoo, bridge, settings_for):
    text = "Заявка HD00060 выполнена"

    def odoo_falls_at_send(method, params):
        if method == "sendMessage" and params.get("text") == text:
            odoo.down = True  # Telegram accepts the message, the ack cannot reach Odoo

    telegram.hooks.append(odoo_falls_at_send)
    first = bridge()
    oid = odoo.queue(660, text)
    wait_until(lambda: len(sent_texts(telegram, text)) == 1, what="first delivery")
    time.sleep(1.0)
    first.stop()
    assert odoo.row(oid)["state"] == "sending"  # never acknowledged
    telegram.hooks.clear()
    odoo.down = False
    time.sleep(2.2)  # the lease expires: Odoo would hand the message out again
    bridge()
    wait_until(lambda: odoo.row(oid)["state"] == "sent", what="re-acknowledged")
    time.sleep(0.5)
    assert len(sent_texts(telegram, text)) == 1
    assert odoo.row(oid)["attempts"] == 0


def test_claimed_again_but_journaled_is_acked_without_sending(telegram, odoo, bridge, settings_for):
    from telegram_bridge.journal import Journal

    settings = settings_for(telegram, odoo)
    oid = odoo.queue(670, "Заявка HD00070 выполнена")
    # delivered and acknowledged as far as the journal knows, yet pending in Odoo (an ack lost
    # after the journal marked it, or a restore of Odoo's database)
    journal = Journal(settings.journal_path, scope=settings.odoo_db)
    journal.record(oid, "670")
    journal.mark_acked([oid])
    journal.close()
    bridge()
    wait_until(lambda: odoo.row(oid)["state"] == "sent", what="acked from the journal")
    assert sent_texts(telegram, "Заявка HD00070 выполнена") == []
