"""The console's hashed assets (/console/assets/...), served by WhiteNoise beside the static files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from whitenoise.middleware import WhiteNoiseMiddleware

ASSETS_URL = "/console/assets/"
# a hashed file never changes: a year, and no revalidation
IMMUTABLE = "public, max-age=31536000, immutable"


class ConsoleWhiteNoiseMiddleware(WhiteNoiseMiddleware):  # type: ignore[misc]
    """WhiteNoise as configured (the static files), plus console/dist/assets under /console/assets/ with a year's
    immutable caching. In development (autorefresh) a console built after the server started is found too; without a
    build (and without autorefresh) there is nothing to add, and /console/ says how to build it."""

    def __init__(self, get_response: Any = None, settings: Any = django_settings):
        super().__init__(get_response, settings)
        assets = Path(settings.CONSOLE_DIST) / "assets"
        if self.autorefresh or assets.is_dir():
            self.add_files(str(assets), prefix=ASSETS_URL)

    def add_cache_headers(self, headers: Any, path: str, url: str) -> None:
        if url.startswith(ASSETS_URL):
            headers["Cache-Control"] = IMMUTABLE
        else:
            super().add_cache_headers(headers, path, url)
