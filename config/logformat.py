"""uvicorn's own log lines in the product's format, from the very first one (uvicorn reads config/uvicorn-log.json
before it loads the application; `--log-config config/uvicorn-log.json`). JSON when LOG_JSON is true, or under
production settings unless LOG_JSON says otherwise."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

_SRC = Path(__file__).resolve().parent.parent / "src"
if str(_SRC) not in sys.path:
    sys.path.insert(0, str(_SRC))


def formatter() -> Any:
    from entrypoints.logging import formatter as product_formatter

    production = os.environ.get("DJANGO_SETTINGS_MODULE", "").endswith(".production")
    json = os.environ.get("LOG_JSON", "true" if production else "false").strip().lower() in {"1", "true", "yes", "on"}
    return product_formatter(json)
