"""Starting and re-enqueueing bulk operations from a process of their own, on the queue a real consumer reads
(the test process runs Huey in immediate mode, so it cannot enqueue for a consumer itself).

    python -m tests.support.bulk_jobs import <rows> <prefix>    prints the operation's id
    python -m tests.support.bulk_jobs status <prefix> <reason>  suspends the people imported with <prefix>
    python -m tests.support.bulk_jobs enqueue <operation id>    what the sweeper does after a minute"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any


class Upload:
    def __init__(self, name: str, data: bytes):
        self.name, self.size, self.data = name, len(data), data

    def chunks(self) -> Iterator[bytes]:
        yield self.data


def csv_file(rows: int, prefix: str) -> bytes:
    lines = ["username,email,first_name,last_name"]
    lines += [f"{prefix}{i},{prefix}{i}@example.com,First{i},Last{i}" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def admin() -> Any:
    from django.contrib.auth.models import Group, User

    from domain.shared.permissions import Role
    from entrypoints.bootstrap import container

    user, _ = User.objects.get_or_create(username="kill_admin", defaults={"email": "kill@example.com"})
    user.groups.add(Group.objects.get_or_create(name=Role.PLATFORM_ADMIN.value)[0])
    return container().auth.principal_for_user(user.pk)


def main(command: str, *args: str) -> None:
    import django

    django.setup()
    from django.contrib.auth.models import User

    from domain.accounts.model import AccountStatus
    from domain.bulk import parameters as p
    from domain.bulk.model import OperationType as T
    from domain.bulk.service import StartRequest
    from entrypoints.bootstrap import container

    if command == "enqueue":
        container().tasks.enqueue("bulk.run", operation_id=int(args[0]))
        return
    if command == "import":
        rows, prefix = int(args[0]), args[1]
        upload = Upload("kill.csv", csv_file(rows, prefix))
        request = StartRequest(T.IMPORT_USERS, False, mode=p.ImportMode.UPSERT, upload=upload)
    else:
        ids = list(User.objects.filter(username__startswith=args[0]).order_by("id").values_list("id", flat=True))
        request = StartRequest(
            T.UPDATE_STATUS, False, p.StatusParams(p.Targets.of_ids(ids), AccountStatus.SUSPENDED, args[1])
        )
    print(container().bulk.start(admin(), request).id)


if __name__ == "__main__":
    main(*sys.argv[1:])
