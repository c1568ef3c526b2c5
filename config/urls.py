from django.contrib import admin
from django.urls import path, re_path

from entrypoints.api import api
from entrypoints.api.errors import error_response
from entrypoints.sse.views import event_stream

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    re_path(r"^api/.*$", lambda request: error_response(404, "not_found", "Not found.")),
    path("events/", event_stream, name="events"),
]
