"""Fakes for the side-effect ports: they keep what passed through them for tests to assert."""

from __future__ import annotations

import copyreg
import io
import pickle
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import BuiltinFunctionType, FunctionType, MethodType, TracebackType
from typing import IO, Any, Self

from domain.shared.events import DomainEvent, Event, EventPublisher, Notification, Notifier, TaskQueue, envelope


@dataclass(frozen=True)
class Published:
    channel: str
    type: str
    data: Mapping[str, Any]
    event_id: int | None = None


class RecordingPublisher:
    def __init__(self) -> None:
        self.published: list[Published] = []

    def publish(self, channel: str, event_type: str, data: Mapping[str, Any], event_id: int | None = None) -> None:
        self.published.append(Published(channel, event_type, dict(data), event_id))

    def on(self, channel: str) -> list[Published]:
        return [p for p in self.published if p.channel == channel]


class RecordingNotifier:
    def __init__(self) -> None:
        self.sent: list[Notification] = []

    def send(self, notification: Notification) -> None:
        self.sent.append(notification)


@dataclass
class InMemoryTaskQueue:
    """Keeps enqueued tasks until `run_pending()` runs them with the registered handlers."""

    handlers: dict[str, Callable[..., Any]] = field(default_factory=dict)
    pending: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    done: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def register(self, name: str, handler: Callable[..., Any]) -> None:
        self.handlers[name] = handler

    def enqueue(self, task: str, **kwargs: Any) -> None:
        self.pending.append((task, kwargs))

    def run_pending(self) -> int:
        ran = 0
        while self.pending:
            name, kwargs = self.pending.pop(0)
            handler = self.handlers.get(name)
            if handler is None:
                raise LookupError(f"no handler registered for task {name!r}")
            handler(**kwargs)
            self.done.append((name, kwargs))
            ran += 1
        return ran


KEPT = (FunctionType, BuiltinFunctionType, MethodType, type)  # code is no state: kept by reference, as deepcopy does


@dataclass(frozen=True)
class _Snapshot:
    """Every store's state at one point, pickled in one go (objects shared between stores stay shared); the
    stores themselves and code they hold are referred to, not copied."""

    data: bytes
    kept: tuple[object, ...]

    def same(self, other: _Snapshot) -> bool:
        return self.data == other.data and all(a is b for a, b in zip(self.kept, other.kept, strict=True))


_LOADING: list[tuple[object, ...]] = []  # the references of the snapshot being loaded (the fast pass's)


def _kept(index: int) -> object:
    return _LOADING[-1][index]


class _Pickler(pickle.Pickler):
    def __init__(self, file: IO[bytes], stores: Mapping[int, object]):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.stores, self.kept = stores, list[object]()

    def persistent_id(self, obj: Any) -> int | None:
        if id(obj) in self.stores or isinstance(obj, KEPT):
            self.kept.append(obj)
            return len(self.kept) - 1
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: IO[bytes], kept: tuple[object, ...]):
        super().__init__(file)
        self.kept = kept

    def persistent_load(self, pid: Any) -> object:
        return self.kept[pid]


@dataclass
class _Frame:
    """One open block: what it has done since it began or last committed."""

    snapshot: _Snapshot
    events: list[DomainEvent] = field(default_factory=list)
    notes: list[Notification] = field(default_factory=list)
    tasks: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


class InMemoryUnitOfWork:
    """The Django unit of work's twin, held to the same contract (tests/contracts/test_unit_of_work.py).

    `commit()` makes what the block did so far permanent: in the outermost block the stores keep it and its
    side effects go out; in a nested block it joins the enclosing block, whose fate it then shares. Leaving a
    block, with or without an exception, undoes what was done since its last commit (the stores are put
    back as they were and its side effects are dropped). Outside any block, side effects go out at once."""

    def __init__(
        self,
        publisher: EventPublisher,
        notifier: Notifier,
        tasks: TaskQueue,
        stores: Sequence[object] = (),
        route: Callable[[Sequence[Notification]], list[Notification]] = list,
    ):
        self.route = route  # as the Django unit of work's: one message per channel its recipient chose
        self.publisher = publisher
        self.notifier = notifier
        self.tasks = tasks
        self.stores = list(stores)
        self._frames: list[_Frame] = []
        self.commits = 0

    @property
    def open_blocks(self) -> int:
        """How many blocks are open now (for tests that ask whether something ran inside a transaction)."""
        return len(self._frames)

    def __enter__(self) -> Self:
        self._frames.append(_Frame(self._snapshot()))
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        frame = self._frames.pop()
        if not self._snapshot().same(frame.snapshot):  # most blocks end just after their commit: nothing to undo
            self._restore(frame.snapshot)

    def commit(self) -> None:
        if not self._frames:
            raise RuntimeError("commit() outside a unit of work")
        self.commits += 1
        frame = self._frames[-1]
        if len(self._frames) > 1:
            parent = self._frames[-2]
            parent.events += frame.events
            parent.notes += frame.notes
            parent.tasks += frame.tasks
        else:
            self._send(frame.events, frame.notes, frame.tasks)
        self._frames[-1] = _Frame(self._snapshot())

    def publish(self, typed: Event | DomainEvent) -> None:
        event = envelope(typed)
        if self._frames:
            self._frames[-1].events.append(event)
        else:
            self._send([event], [], [])

    def publish_all(self, events: Sequence[Event | DomainEvent]) -> None:
        for event in events:
            self.publish(event)

    def publish_now(self, event: Event | DomainEvent) -> None:
        self._send([envelope(event)], [], [])

    def announce(self, event: Event | DomainEvent, event_id: int) -> None:
        self.publish(event)  # the fake keeps no outbox: the two differ only in the Django unit of work

    def notify(self, notification: Notification) -> None:
        notes = self.route([notification])
        if self._frames:
            self._frames[-1].notes.extend(notes)
        else:
            self._send([], notes, [])

    def notify_all(self, notifications: Sequence[Notification]) -> None:
        for note in notifications:
            self.notify(note)

    def enqueue(self, task: str, **kwargs: Any) -> None:
        if self._frames:
            self._frames[-1].tasks.append((task, kwargs))
        else:
            self._send([], [], [(task, kwargs)])

    def _send(
        self, events: list[DomainEvent], notes: list[Notification], tasks: list[tuple[str, dict[str, Any]]]
    ) -> None:
        for event in events:
            for channel in event.channels:
                self.publisher.publish(channel, event.type, event.data)
        for note in notes:
            self.notifier.send(note)
        for name, kwargs in tasks:
            self.tasks.enqueue(name, **kwargs)

    def _snapshot(self) -> _Snapshot:
        """Pickling (in C) rather than deepcopy (in Python), and a copy made back only when a block undoes
        something. The fast pass keeps the stores by reference through the dispatch table, so pickle calls back
        into Python only for them; state holding a function it cannot name takes the slower, general pass."""
        states = [{k: v for k, v in vars(s).items() if not isinstance(v, KEPT)} for s in self.stores]
        kept: list[object] = []
        seen: dict[int, int] = {}

        def by_reference(obj: object) -> tuple[Callable[[int], object], tuple[int]]:
            if id(obj) not in seen:
                seen[id(obj)] = len(kept)
                kept.append(obj)
            return _kept, (seen[id(obj)],)

        buffer = io.BytesIO()
        fast = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        fast.dispatch_table = copyreg.dispatch_table | {type(s): by_reference for s in self.stores}
        try:
            fast.dump(states)
            return _Snapshot(buffer.getvalue(), tuple(kept))
        except (pickle.PicklingError, AttributeError, TypeError):
            buffer = io.BytesIO()
            general = _Pickler(buffer, {id(s): s for s in self.stores})
            general.dump(states)
            return _Snapshot(buffer.getvalue(), tuple(general.kept))

    def _restore(self, snapshot: _Snapshot) -> None:
        _LOADING.append(snapshot.kept)  # the fast pass's references; the general pass's come by persistent id
        try:
            states = _Unpickler(io.BytesIO(snapshot.data), snapshot.kept).load()
        finally:
            _LOADING.pop()
        for store, state in zip(self.stores, states, strict=True):
            vars(store).update(state)  # functions a store holds (its wiring) are no state: never snapshotted
            for name in set(vars(store)) - set(state) - {k for k, v in vars(store).items() if isinstance(v, KEPT)}:
                del vars(store)[name]
