"""manage.py break_glass <username> --minutes 30 --reason "...": a platform admin locked out by the staff network
allowlists gets in for a while. Run on the server, so it proves host access; audited and raised as critical."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from domain.shared.errors import DomainError
from domain.shared.principal import SYSTEM
from entrypoints.bootstrap import container
from entrypoints.modules import ACCESS


class Command(BaseCommand):
    help = "Exempt a platform admin from the staff network allowlists for a while (audited, a critical event)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--minutes", type=int, default=30, help="1 to 240; the exemption then ends by itself")
        parser.add_argument("--reason", required=True, help="why (10 to 500 characters), kept in the audit trail")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            grant = container()[ACCESS].gate.break_glass(SYSTEM, opts["username"], opts["minutes"], opts["reason"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.WARNING(f"{grant.username} (id {grant.user_id}) is exempt until {grant.until}"))
