from __future__ import annotations

import getpass
import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from domain.shared.errors import DomainError
from domain.shared.permissions import STAFF_ROLES, Role
from domain.shared.principal import SYSTEM
from entrypoints.bootstrap import container


class Command(BaseCommand):
    help = "Create a staff account with one role. Password from STAFF_PASSWORD, else prompted."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=[r.value for r in STAFF_ROLES])
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **opts: Any) -> None:
        password = os.environ.get("STAFF_PASSWORD") or ""
        if not password and not sys.stdin.isatty():
            raise CommandError("No password: set STAFF_PASSWORD, or run this in a terminal to be asked for one.")
        if not password:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The passwords differ.")
        try:
            identity = container().staff.create_staff(
                SYSTEM, opts["username"], opts["email"], password, Role(opts["role"])
            )
        except DomainError as exc:
            raise CommandError(f"{exc.message} {exc.details or ''}".strip()) from exc
        self.stdout.write(self.style.SUCCESS(f"Created {identity.username} (id {identity.id}) as {opts['role']}"))
