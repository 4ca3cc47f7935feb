"""Local journal of delivered outbox messages.

An outbox message is recorded here right after Telegram accepted it and before it is
acknowledged to Odoo. After a crash or restart (or when Odoo was unreachable at ack time),
recorded-but-unacknowledged ids are acknowledged again without sending anything, and a message
Odoo hands out again (its lease expired) is acknowledged without being sent twice.
"""

import os
import sqlite3
import time


class Journal:
    def __init__(self, path, scope):
        """``scope`` names the Odoo database, so ids of two databases never mix."""
        self.path = path
        self.scope = scope
        if path != ":memory:":
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS delivered ("
            " scope TEXT NOT NULL, outbox_id INTEGER NOT NULL, chat_id TEXT,"
            " telegram_message_id INTEGER, delivered_at REAL NOT NULL, acked_at REAL,"
            " PRIMARY KEY (scope, outbox_id))"
        )

    def close(self):
        self._db.close()

    def is_delivered(self, outbox_id):
        row = self._db.execute(
            "SELECT 1 FROM delivered WHERE scope = ? AND outbox_id = ?", (self.scope, outbox_id)
        ).fetchone()
        return row is not None

    def message_id(self, outbox_id):
        """Telegram's id of the delivered message (None when unknown or not delivered)."""
        row = self._db.execute(
            "SELECT telegram_message_id FROM delivered WHERE scope = ? AND outbox_id = ?",
            (self.scope, outbox_id),
        ).fetchone()
        return row[0] if row else None

    def record(self, outbox_id, chat_id, telegram_message_id=None):
        self._db.execute(
            "INSERT OR IGNORE INTO delivered (scope, outbox_id, chat_id, telegram_message_id, delivered_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (self.scope, outbox_id, str(chat_id), telegram_message_id, time.time()),
        )

    def unacked(self):
        """(outbox id, Telegram message id) of the delivered messages not yet acknowledged."""
        rows = self._db.execute(
            "SELECT outbox_id, telegram_message_id FROM delivered"
            " WHERE scope = ? AND acked_at IS NULL ORDER BY outbox_id",
            (self.scope,),
        ).fetchall()
        return [(r[0], r[1]) for r in rows]

    def mark_acked(self, outbox_ids):
        now = time.time()
        self._db.executemany(
            "UPDATE delivered SET acked_at = ? WHERE scope = ? AND outbox_id = ?",
            [(now, self.scope, i) for i in outbox_ids],
        )

    def prune(self, older_than_days=30):
        """Drop acknowledged entries older than the given age (Odoo never hands them out again)."""
        limit = time.time() - older_than_days * 86400
        cur = self._db.execute("DELETE FROM delivered WHERE acked_at IS NOT NULL AND acked_at < ?", (limit,))
        return cur.rowcount

    def count(self):
        return self._db.execute("SELECT count(*) FROM delivered WHERE scope = ?", (self.scope,)).fetchone()[0]
