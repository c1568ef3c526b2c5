"""Import contracts of our own for lint-imports (registered in pyproject.toml's [tool.importlinter]
contract_types)."""

from __future__ import annotations

import sys
from typing import Any

from importlinter import Contract, ContractCheck, fields, output


class AllowlistContract(Contract):
    """`source_modules` import only the standard library, their own root packages and the external packages named
    in `allowed`, each given as "package: why the domain needs it". A new third-party import fails the check until
    someone writes down why the domain cannot do without it."""

    type_name = "allowlist"

    source_modules: Any = fields.ListField(subfield=fields.ModuleField())
    allowed: Any = fields.ListField(subfield=fields.StringField(), required=False, default=[])

    def validate(self) -> None:
        for entry in self.allowed:
            name, sep, reason = str(entry).partition(":")
            if not sep or not name.strip() or not reason.strip():
                raise ValueError(f"allowlist entry {entry!r}: expected 'package: the reason'")

    def check(self, graph: Any, verbose: bool) -> ContractCheck:
        allowed = {str(entry).partition(":")[0].strip() for entry in self.allowed}
        own = {m.name.split(".")[0] for m in self.source_modules}
        found: list[tuple[str, str, int | None]] = []
        for source in self.source_modules:
            for importer in sorted(graph.find_descendants(source.name) | {source.name}):
                for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                    top = imported.split(".")[0]
                    if top in own or top in sys.stdlib_module_names or top in allowed:
                        continue
                    details = graph.get_import_details(importer=importer, imported=imported)
                    found.append((importer, imported, details[0]["line_number"] if details else None))
        return ContractCheck(kept=not found, warnings=[], metadata={"found": found})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for importer, imported, line in check.metadata["found"]:
            output.print_error(f"{importer} imports {imported} (l.{line}), which is not on the allowlist")
            output.new_line()
