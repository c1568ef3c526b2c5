from django.contrib import admin
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView

from entrypoints import admin_login
from entrypoints.account_pages.views import account_asset, reset_password_page, unblock_login_page
from entrypoints.api import api
from entrypoints.api.errors import error_response
from entrypoints.api.metrics import metrics_view
from entrypoints.console.views import console_page
from entrypoints.sse.views import event_stream

admin_login.install(admin.site)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("metrics", metrics_view, name="metrics"),
    # csrf_exempt: it changes nothing, and an unknown path (a negative id, say) is 404 for every method, not a CSRF 403
    re_path(r"^api/.*$", csrf_exempt(lambda request: error_response(404, "not_found", "Not found."))),
    path("events/", event_stream, name="events"),
    # the pages the account e-mails link to (LOGIN_UNBLOCK_URL, PASSWORD_RESET_URL)
    path("unblock-login", unblock_login_page, name="unblock-login"),
    path("reset-password", reset_password_page, name="reset-password"),
    path("account/<str:name>", account_asset, name="account-asset"),
    path("", RedirectView.as_view(url="/console/", permanent=False)),
    re_path(r"^console/(?P<path>.*)$", console_page, name="console"),
]
