"""Group commit for signing: the submissions that arrive while one transaction commits share
the next one.

In a surge, most of a signature's cost is the commit (the write lock on SQLite, the WAL flush
on PostgreSQL), not its four statements. A :class:`SigningQueue` has one writer thread per
process: a request puts its submission on the queue and waits for its own result; the writer
takes everything queued (up to ``max_batch``), calls
:meth:`~electoral.petitions.service.PetitionService.sign_many` (one transaction, the
submissions in arrival order), and answers each request only after that transaction has
committed. So an acknowledged signature is durable, exactly as with one transaction each, and
under load the batches grow by themselves: the busier the server, the fewer commits per
signature. Idle, a batch is one submission and nothing waits.

A batch whose transaction fails (one row the database refuses) is signed again member by
member, each in its own transaction: the bad submission gets its error and every other one
its answer, as if it had come alone.
"""

from __future__ import annotations

import logging
import queue
import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from electoral.petitions.errors import PetitionError
    from electoral.petitions.service import PetitionService, Submission

__all__ = ["MAX_BATCH", "SigningQueue"]

log = logging.getLogger("electoral.petitions.batch")

MAX_BATCH: Final = 200
"""Submissions per transaction at most (bounds a transaction's time and its lock hold)."""

_Item = tuple["Submission", "Future[PetitionError | None]"]


class SigningQueue:
    """Submissions waiting for the next group commit, and the thread that commits them
    (started on the first submission): ``queue.submit(submission).result()`` is ``None`` once
    the signature is committed."""

    def __init__(self, service: PetitionService, *, max_batch: int = MAX_BATCH) -> None:
        self.service = service
        self.max_batch = max_batch
        self._queue: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, submission: Submission) -> Future[PetitionError | None]:
        """Queue a submission; the future's result is ``None`` once it is committed, or the
        error that refused it; it raises if the transaction failed."""
        future: Future[PetitionError | None] = Future()
        self._ensure_started()
        self._queue.put((submission, future))
        return future

    def close(self, timeout: float = 10.0) -> None:
        """Commit what is queued, then stop the writer thread."""
        thread = self._thread
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout)
            self._thread = None

    def _ensure_started(self) -> None:
        if self._thread is not None:
            return
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="signing-group-commit", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            stop = False
            while len(batch) < self.max_batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stop = True
                    break
                batch.append(item)
            self._commit(batch)
            if stop:
                return

    def _commit(self, batch: list[_Item]) -> None:
        live = [(s, f) for s, f in batch if f.set_running_or_notify_cancel()]
        if not live:
            return
        try:
            results = self.service.sign_many([s for s, _ in live])
        except Exception as error:  # noqa: BLE001 (handed to the waiting requests)
            if len(live) == 1:
                live[0][1].set_exception(error)
                return
            # The batch's transaction rolled back whole: sign its members one by one, so
            # that the one bad row fails alone and no other signer loses their answer.
            log.warning(
                "a signing batch of %d failed (%s); signing its members one by one",
                len(live),
                type(error).__name__,
            )
            for submission, future in live:
                self._commit_one(submission, future)
            return
        for (_, future), result in zip(live, results, strict=True):
            future.set_result(result)

    def _commit_one(self, submission: Submission, future: Future[PetitionError | None]) -> None:
        try:
            (result,) = self.service.sign_many([submission])
        except Exception as error:  # noqa: BLE001 (this request's own failure)
            future.set_exception(error)
        else:
            future.set_result(result)
