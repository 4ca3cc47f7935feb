import logging
import random
import threading
import time

from odoo import api, fields, sql_db
from odoo.tests import TransactionCase, tagged
from psycopg2.extensions import TransactionRollbackError

_logger = logging.getLogger(__name__)

THREADS = 20


@tagged("post_install", "-at_install")
class TestConcurrentRegistration(TransactionCase):
    """Secretaries registering at the same moment, each in a transaction of their own.

    The documents are committed so that the threads see them, and removed afterwards
    together with the numbers they consumed.
    """

    def _committed_cursor(self):
        return sql_db.db_connect(self.env.cr.dbname).cursor()

    def _register_in_own_transaction(self, doc_id, uid, barrier, results, errors, retries):
        db = sql_db.db_connect(self.env.cr.dbname)
        barrier.wait()
        for _attempt in range(100):
            try:
                # leaving the block commits the transaction, or rolls it back on error
                with db.cursor() as cr:
                    # the registry is already loaded: give the cursor its transaction directly
                    # (looking the registry up by name would wait for the lock the test runner holds)
                    cr.transaction = api.Transaction(self.registry)
                    env = api.Environment(cr, uid, {})
                    document = env["coop.document"].browse(doc_id)
                    document.action_register()
                    env.flush_all()
                    number = document.name
                results.append(number)
                return
            except TransactionRollbackError:
                # what the server does with a serialization failure: retry the whole request
                retries.append(doc_id)
                time.sleep(random.uniform(0.005, 0.05))
            except Exception as exc:  # reported to the main thread
                errors.append(exc)
                return
        errors.append(RuntimeError("registration kept failing"))

    def test_twenty_concurrent_registrations(self):
        secretary = self.env.ref("coop_docflow.user_demo_secretary", raise_if_not_found=False)
        secretary_uid = (secretary or self.env.ref("base.user_admin")).id
        year = fields.Date.context_today(self.env["coop.document"].with_user(secretary_uid)).year
        with self._committed_cursor() as cr:
            cr.transaction = api.Transaction(self.registry)
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            journal = env["coop.document.journal"]._get_for(env.ref("coop_docflow.office_main"), "internal")
            cr.execute(
                "SELECT last_number FROM coop_document_journal_counter WHERE journal_id=%s AND year=%s",
                (journal.id, year),
            )
            row = cr.fetchone()
            start = row[0] if row else 0
            documents = env["coop.document"].create(
                [{"title": "Concurrent %s" % i, "doc_type": "internal"} for i in range(THREADS)]
            )
            doc_ids = documents.ids
            journal_id = journal.id
        self.addCleanup(self._cleanup, doc_ids, journal_id, year, row)

        barrier = threading.Barrier(THREADS)
        results, errors, retries = [], [], []
        threads = [
            threading.Thread(
                target=self._register_in_own_transaction,
                args=(doc_id, secretary_uid, barrier, results, errors, retries),
            )
            for doc_id in doc_ids
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)

        self.assertFalse(errors, errors)
        _logger.info("%s registrations waited for a concurrent one and were retried", len(retries))
        self.assertEqual(len(results), THREADS)
        self.assertEqual(len(set(results)), THREADS, "numbers must be distinct")
        numbers = sorted(int(name.split("-")[-1]) for name in results)
        self.assertEqual(numbers, list(range(start + 1, start + THREADS + 1)), "numbers must be consecutive")
        self.assertTrue(all(name.startswith("Вн-%s-" % year) for name in results))
        with self._committed_cursor() as cr:
            cr.execute(
                "SELECT last_number FROM coop_document_journal_counter WHERE journal_id=%s AND year=%s",
                (journal_id, year),
            )
            self.assertEqual(cr.fetchone()[0], start + THREADS)
            cr.execute("SELECT count(DISTINCT name) FROM coop_document WHERE id IN %s", (tuple(doc_ids),))
            self.assertEqual(cr.fetchone()[0], THREADS)

    def _cleanup(self, doc_ids, journal_id, year, counter_row):
        with self._committed_cursor() as cr:
            ids = tuple(doc_ids)
            cr.execute("DELETE FROM mail_message WHERE model='coop.document' AND res_id IN %s", (ids,))
            cr.execute("DELETE FROM mail_followers WHERE res_model='coop.document' AND res_id IN %s", (ids,))
            cr.execute("DELETE FROM mail_activity WHERE res_model='coop.document' AND res_id IN %s", (ids,))
            cr.execute("DELETE FROM coop_document WHERE id IN %s", (ids,))
            if counter_row:
                cr.execute(
                    "UPDATE coop_document_journal_counter SET last_number=%s WHERE journal_id=%s AND year=%s",
                    (counter_row[0], journal_id, year),
                )
            else:
                cr.execute(
                    "DELETE FROM coop_document_journal_counter WHERE journal_id=%s AND year=%s",
                    (journal_id, year),
                )
