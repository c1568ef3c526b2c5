from django.apps import AppConfig


class EventstreamAdapterConfig(AppConfig):
    """Puts the supervised Redis listener in place before any SSE stream starts."""

    name = "adapters.eventstream"
    label = "eventstream_adapter"

    def ready(self) -> None:
        from .listener import install

        install()
