"""What reading an import costs: time in proportion to the cells that hold data, hard caps on rows, columns, cells,
expanded size and seconds, and a request that answers before the rows are parsed."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from types import FrameType

import pytest

from adapters.bulk_files import LocalBulkFiles
from domain.bulk.model import OperationStatus, OperationType
from domain.bulk.parameters import ImportMode
from domain.bulk.service import StartRequest
from domain.shared.errors import Unprocessable
from entrypoints.harness import TestContainer
from tests.support import hostile_files as hf

from .conftest import ADMIN, FileUpload


@contextmanager
def within(seconds: int) -> Iterator[None]:
    """Fails the test when the block runs longer (a reader that walks a claimed range would take minutes)."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def files(h: TestContainer) -> LocalBulkFiles:
    found = h.bulk.files
    assert isinstance(found, LocalBulkFiles)
    return found


def start(h: TestContainer, data: bytes, name: str = "people.xlsx") -> int:
    h.bulk.settings = replace(h.bulk.settings, approval_threshold=100)
    upload = FileUpload(name, data)
    return h.bulk.start(
        ADMIN, StartRequest(OperationType.IMPORT_USERS, False, mode=ImportMode.UPSERT, upload=upload)
    ).id


def refused(h: TestContainer, data: bytes, name: str = "people.xlsx") -> Unprocessable:
    with pytest.raises(Unprocessable) as caught, within(5):
        start(h, data, name)
    assert not h.bulk_operations.operations
    return caught.value


def test_a_claimed_dimension_costs_only_the_cells_that_hold_data(h: TestContainer) -> None:
    data = hf.claimed_dimension()
    assert len(data) < 2000
    with within(5):
        operation_id = start(h, data)
        h.tasks.run_pending()
    op = h.bulk.get(ADMIN, operation_id)
    assert (op.status, op.success_count, op.error_count, op.total_items) == (OperationStatus.COMPLETED, 2, 0, 2)


def test_a_zip_bomb_is_refused_from_the_zip_directory(h: TestContainer) -> None:
    error = refused(h, hf.zip_bomb(16))
    assert error.code == "invalid_import_file"
    assert "expand" in error.details["reason"]


def test_expanded_size_is_capped(h: TestContainer) -> None:
    files(h).limits = replace(files(h).limits, max_expanded_bytes=100_000)
    error = refused(h, hf.workbook(hf.HEADER_ROW + hf.people_rows(2000)))
    assert error.code == "invalid_import_file" and "MB" in error.details["reason"]


def test_columns_are_capped(h: TestContainer) -> None:
    error = refused(h, hf.far_column())
    assert error.code == "invalid_import_file" and "columns" in error.details["reason"]
    wide = b"username,email" + b",x" * 100 + b"\nann,ann@example.com\n"
    assert refused(h, wide, "people.csv").details["reason"].startswith("the header has more than")


def test_rows_are_capped_without_parsing_them(h: TestContainer) -> None:
    h.bulk.settings = replace(h.bulk.settings, max_rows=50)
    with pytest.raises(Unprocessable) as caught, within(5):
        h.bulk.start(
            ADMIN,
            StartRequest(
                OperationType.IMPORT_USERS,
                False,
                mode=ImportMode.UPSERT,
                upload=FileUpload("p.xlsx", hf.workbook(hf.HEADER_ROW + hf.people_rows(51))),
            ),
        )
    assert caught.value.code == "too_many_rows"


def test_entities_are_refused(h: TestContainer) -> None:
    error = refused(h, hf.with_entity())
    assert error.code == "invalid_import_file" and "DTD" in error.details["reason"]


def test_seconds_are_capped(h: TestContainer) -> None:
    files(h).limits = replace(files(h).limits, max_seconds=0.0)
    error = refused(h, hf.workbook(hf.HEADER_ROW + hf.people_rows(3000)))
    assert error.code == "invalid_import_file" and "seconds" in error.details["reason"]


def test_the_request_answers_before_the_rows_are_parsed(h: TestContainer) -> None:
    """A file broken after its header is accepted: the rows are parsed by the worker, which fails the operation
    with the reason at once (no retries of a file that cannot change)."""
    operation_id = start(h, hf.broken_after_header())
    h.tasks.run_pending()
    op = h.bulk.get(ADMIN, operation_id)
    assert op.status is OperationStatus.FAILED
    assert "not a readable XLSX" in op.results["reason"] and "failed_runs" not in op.results


def test_wide_csv_rows_cost_only_their_header_columns(h: TestContainer) -> None:
    with within(5):
        operation_id = start(h, hf.wide_csv(), "people.csv")
        h.tasks.run_pending()
    op = h.bulk.get(ADMIN, operation_id)
    assert (op.status, op.success_count) == (OperationStatus.COMPLETED, 1)
