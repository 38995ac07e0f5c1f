"""Progress reports for many children at once, on every core, cancellable.

`run_progress_batch` splits the children into small chunks and hands them to a pool of
worker processes. Each worker opens its own read-only engine on the database file once,
then for each child fills the report data and writes the PDF (a file appears whole or
not at all: `reports.layout.write_bytes` writes a temporary file and renames it). A
failure on one child is reported with its case number and the batch goes on.

With a password (`BatchJob.password`) every PDF is encrypted with it (AES-256,
`reports.protect`). The password travels to the workers inside the pickled job, never on
a command line, in a log line or in a `repr` (the field is left out of it).

Every report is read as `BatchJob.actor`, the signed-in person (the permissions and
confidentiality levels of progress_report_data apply to it); the job travels pickled
to the workers with it. Each child gets a file of its own (`batch_file_names`): case
numbers that give the same safe name (`A/1`, `A_1`, `A:1`, or `a_1` on a file system
that ignores case) get the record id's first characters added.

A failure's details for the log are `errors.safe_traceback`: types and frames, never
the message (which may quote a child's name).

Cancelling (a shared event, set by `cancel()` or by Ctrl+C in the caller) stops every
worker before its next child; chunks not started are dropped. Workers ignore SIGINT so a
Ctrl+C in a terminal reaches only the parent, which then cancels in order.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from caseroom.errors import safe_traceback
from caseroom.reports.data import Audience
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.plans.periods import Period
from caseroom.services.reporting.common import check_report_period
from caseroom.services.reporting.report_data import ReportChild

DEFAULT_WORKERS = 2
"""Processes used by default: the machines caseroom runs on have two cores or more."""

CHUNK_SIZE = 4
"""Children per task: small enough for a lively progress line and a quick cancel."""

_UNSAFE = re.compile(r"[^\w.-]+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class BatchJob:
    """What every report of a batch shares."""

    db_path: Path
    out_dir: Path
    period: Period
    audience: Audience
    language: str
    made_on: date
    db_key: bytes | None = field(default=None, repr=False)
    """The key of an encrypted database (workers open the file with it)."""
    password: str | None = field(default=None, repr=False)
    """The password every report of the batch is encrypted with (None: not encrypted)."""
    actor: Actor = SYSTEM
    """Who makes the reports: what they read is what this person may see."""


@dataclass(frozen=True, slots=True)
class ChildOutcome:
    """How one child's report went: `path` when written, else `error` (one line) and the
    traceback for the log."""

    child_id: uuid.UUID
    case_number: str
    path: Path | None = None
    error: str | None = None
    details: str | None = None
    worker: int = 0
    """The id of the process that made the report (how many processes worked)."""

    @property
    def ok(self) -> bool:
        """Whether the report was written."""
        return self.path is not None


def report_file_name(case_number: str, audience: Audience | str, language: str) -> str:
    """`<case number>-<audience>-<lang>.pdf`, with anything unsafe in a file name replaced."""
    case = _UNSAFE.sub("_", case_number).strip("._") or "child"
    return f"{case}-{Audience(audience).value}-{language}.pdf"


def batch_file_names(
    children: Sequence[ReportChild], audience: Audience | str, language: str
) -> dict[uuid.UUID, str]:
    """One distinct file name per child of a batch (by record id).

    `report_file_name`, unless two children's names are the same ignoring case (their
    case numbers differ only in unsafe characters or case): then each of those gets the
    first 8 characters of its record id before the audience (all of it if even that
    collides), so no report overwrites another on any file system.
    """
    plain = {
        child.id: report_file_name(child.case_number, audience, language) for child in children
    }
    taken: dict[str, int] = {}
    for name in plain.values():
        taken[name.casefold()] = taken.get(name.casefold(), 0) + 1
    suffix = f"-{Audience(audience).value}-{language}.pdf"
    names: dict[uuid.UUID, str] = {}
    used: set[str] = set()
    for child in children:
        name = plain[child.id]
        if taken[name.casefold()] > 1:
            stem = name.removesuffix(suffix)
            name = f"{stem}-{child.id.hex[:8]}{suffix}"
            if name.casefold() in used or name.casefold() in taken:
                name = f"{stem}-{child.id.hex}{suffix}"
        used.add(name.casefold())
        names[child.id] = name
    return names


def write_child_report(
    session: Any, job: BatchJob, child: ReportChild, path: Path | None = None
) -> Path:
    """Fill and write one child's report of `job` to `path` (default: its usual name in
    `job.out_dir`), encrypted with `job.password` when it has one; returns the file written."""
    import io

    from caseroom.reports.progress_report import write_progress_report
    from caseroom.reports.protect import write_protected
    from caseroom.services.reporting.passwords import check_export_password
    from caseroom.services.reporting.report_data import progress_report_data

    check_export_password(session, job.password, identified=True)
    data = progress_report_data(
        session,
        actor=job.actor,
        child_id=child.id,
        period=job.period,
        audience=job.audience,
        made_on=job.made_on,
        language=job.language,
    )
    if path is None:
        path = job.out_dir / report_file_name(child.case_number, job.audience, job.language)
    buffer = io.BytesIO()
    write_progress_report(data, buffer, language=job.language)
    return write_protected(path, buffer.getvalue(), "pdf", job.password)


# --- the worker side ------------------------------------------------------------------

_worker: dict[str, Any] = {}


def _start_worker(db_path: Path, cancelled: Any, key: bytes | None = None) -> None:
    """Runs once in each worker process: ignore Ctrl+C, open the database read-only
    (with `key` when it is encrypted)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from caseroom.db.engine import engine_for_path

    _worker["engine"] = engine_for_path(db_path, read_only=True, key=key)
    _worker["cancelled"] = cancelled


def _run_chunk(job: BatchJob, chunk: Sequence[tuple[ReportChild, str]]) -> list[ChildOutcome]:
    """Write the reports of `chunk`, each child with its file name (in a worker, or
    in-process with `workers=1`)."""
    from sqlmodel import Session

    cancelled = _worker["cancelled"]
    outcomes: list[ChildOutcome] = []
    with Session(_worker["engine"]) as session:
        for child, name in chunk:
            if cancelled.is_set():
                break
            try:
                path = write_child_report(session, job, child, job.out_dir / name)
            except Exception as error:  # one child's failure must not stop the batch
                outcomes.append(
                    ChildOutcome(
                        child.id,
                        child.case_number,
                        error=str(error) or type(error).__name__,
                        details=safe_traceback(error),
                        worker=os.getpid(),
                    )
                )
                session.rollback()
            else:
                outcomes.append(
                    ChildOutcome(child.id, child.case_number, path=path, worker=os.getpid())
                )
    return outcomes


# --- the parent side ------------------------------------------------------------------


def _chunks(
    children: Sequence[ReportChild], names: dict[uuid.UUID, str], size: int
) -> Iterator[list[tuple[ReportChild, str]]]:
    for start in range(0, len(children), size):
        yield [(child, names[child.id]) for child in children[start : start + size]]


class ProgressBatch:
    """One batch run; `cancel()` may be called from another thread (a UI's cancel button)."""

    def __init__(
        self,
        job: BatchJob,
        children: Sequence[ReportChild],
        *,
        workers: int = DEFAULT_WORKERS,
        start_method: str | None = None,
    ) -> None:
        """`start_method`: multiprocessing's ("spawn" from a GUI process: forking a
        process that runs Qt is unsafe); default: the platform's."""
        self.job = job
        self.children = list(children)
        self.names = batch_file_names(self.children, job.audience, job.language)
        self.workers = max(1, workers)
        self._context = multiprocessing.get_context(start_method)
        self._cancelled = self._context.Event()

    def cancel(self) -> None:
        """Stop before the next child; reports already written stay."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        """Whether the batch was cancelled."""
        return self._cancelled.is_set()

    def run(self, on_outcome: Callable[[int, int, ChildOutcome], None]) -> list[ChildOutcome]:
        """Write every report; `on_outcome(done, total, outcome)` follows each child.

        On KeyboardInterrupt the batch is cancelled, running chunks finish their current
        child, and the interrupt is raised again. A period that starts after the job's
        day is refused (`ValidationError`) before anything is started or written.
        """
        check_report_period(self.job.period, today=self.job.made_on)
        self.job.out_dir.mkdir(parents=True, exist_ok=True)
        if self.workers == 1:
            return self._run_here(on_outcome)
        outcomes: list[ChildOutcome] = []
        total = len(self.children)
        with ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=self._context,
            initializer=_start_worker,
            initargs=(self.job.db_path, self._cancelled, self.job.db_key),
        ) as pool:
            pending: set[Future[list[ChildOutcome]]] = {
                pool.submit(_run_chunk, self.job, chunk)
                for chunk in _chunks(self.children, self.names, CHUNK_SIZE)
            }
            try:
                while pending:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        for outcome in future.result():
                            outcomes.append(outcome)
                            on_outcome(len(outcomes), total, outcome)
                    if self.cancelled:
                        for future in pending:
                            future.cancel()
            except BaseException:
                self.cancel()
                for future in pending:
                    future.cancel()
                pool.shutdown(wait=True, cancel_futures=True)
                raise
        return outcomes

    def _run_here(self, on_outcome: Callable[[int, int, ChildOutcome], None]) -> list[ChildOutcome]:
        from caseroom.db.engine import engine_for_path

        engine = engine_for_path(self.job.db_path, read_only=True, key=self.job.db_key)
        _worker["engine"], _worker["cancelled"] = engine, self._cancelled
        outcomes: list[ChildOutcome] = []
        try:
            for chunk in _chunks(self.children, self.names, CHUNK_SIZE):
                for outcome in _run_chunk(self.job, chunk):
                    outcomes.append(outcome)
                    on_outcome(len(outcomes), len(self.children), outcome)
                if self.cancelled:
                    break
        except BaseException:
            self.cancel()
            raise
        finally:
            engine.dispose()
            _worker.clear()
        return outcomes


def start_method_used(start_method: str | None = None) -> str:
    """The start method `run_progress_batch` uses for `start_method`: the one asked for,
    else "spawn" in a frozen bundle (every worker starts from the bundle's own
    executable), else the platform's default."""
    method = start_method or ("spawn" if getattr(sys, "frozen", False) else None)
    return multiprocessing.get_context(method).get_start_method()


def workers_used(outcomes: Sequence[ChildOutcome]) -> int:
    """How many processes made the reports of `outcomes` (distinct `worker` ids)."""
    return len({outcome.worker for outcome in outcomes})


def run_progress_batch(
    job: BatchJob,
    children: Sequence[ReportChild],
    *,
    on_outcome: Callable[[int, int, ChildOutcome], None],
    workers: int = DEFAULT_WORKERS,
    start_method: str | None = None,
) -> list[ChildOutcome]:
    """Write one progress report per child of `children` into `job.out_dir`.

    `start_method`: how worker processes start (see `start_method_used`)."""
    method = start_method_used(start_method)
    return ProgressBatch(job, children, workers=workers, start_method=method).run(on_outcome)
