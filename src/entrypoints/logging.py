"""structlog for everything (Django, Huey, uvicorn): JSON in production, readable in development."""

from __future__ import annotations

import logging.config

import structlog

SHARED: list[structlog.types.Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def formatter(json: bool) -> structlog.stdlib.ProcessorFormatter:
    """The one formatter of every log line (ours, Django's, Huey's, uvicorn's)."""
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer(colors=False)
    )
    return structlog.stdlib.ProcessorFormatter(
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
        foreign_pre_chain=SHARED,
    )


class WithoutTraceback(logging.Filter):
    """Keeps a refusal (a bad Host header, a suspicious request) to one line: what it was, not where Django saw it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info, record.exc_text = None, None
        return True


def configure_logging(level: str = "INFO", json: bool = False) -> None:
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"structlog": {"()": formatter, "json": json}},
            "filters": {"without_traceback": {"()": WithoutTraceback}},
            "handlers": {
                "default": {"class": "logging.StreamHandler", "formatter": "structlog"},
                "short": {"class": "logging.StreamHandler", "formatter": "structlog", "filters": ["without_traceback"]},
            },
            "root": {"handlers": ["default"], "level": level},
            "loggers": {
                "django.db.backends": {"level": "WARNING"},
                # 4xx answers are already one `request` line each; a refused admin page is not a traceback
                "django.request": {"level": "ERROR"},
                "django.security": {"handlers": ["short"], "level": "ERROR", "propagate": False},
                "django_eventstream": {"level": "WARNING"},
                # uvicorn's own lines in the same format (also set before the app loads by --log-config)
                "uvicorn": {"handlers": ["default"], "level": level, "propagate": False},
                "uvicorn.error": {"handlers": ["default"], "level": level, "propagate": False},
                "uvicorn.access": {"handlers": ["default"], "level": "WARNING", "propagate": False},
            },
        }
    )
    structlog.configure(
        processors=[*SHARED, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
