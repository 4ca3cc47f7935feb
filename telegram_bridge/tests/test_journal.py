from telegram_bridge.journal import Journal


def test_record_ack_and_restart(tmp_path):
    path = str(tmp_path / "state" / "journal.sqlite3")
    j = Journal(path, scope="db1")
    assert not j.is_delivered(5)
    j.record(5, "100", 77)
    j.record(6, "100")
    j.record(5, "100", 78)  # recording twice keeps one entry
    assert j.is_delivered(5) and j.unacked() == [(5, 77), (6, None)]
    assert j.message_id(5) == 77 and j.message_id(6) is None and j.message_id(9) is None
    j.mark_acked([5])
    assert j.unacked() == [(6, None)]
    j.close()
    # a restart sees the same state
    j2 = Journal(path, scope="db1")
    assert j2.is_delivered(5) and j2.unacked() == [(6, None)] and j2.count() == 2
    assert j2.message_id(5) == 77  # kept across the restart
    # another database's ids never mix with this one's
    other = Journal(path, scope="db2")
    assert not other.is_delivered(5) and other.unacked() == []
    j2.close()
    other.close()


def test_prune_keeps_unacked(tmp_path):
    j = Journal(str(tmp_path / "j.sqlite3"), scope="db")
    j.record(1, "1")
    j.record(2, "1")
    j.mark_acked([1])
    assert j.prune(older_than_days=-1) == 1
    assert j.unacked() == [(2, None)] and not j.is_delivered(1)
