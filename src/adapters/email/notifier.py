from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail

from domain.shared.events import Notification


class DjangoEmailNotifier:
    """E-mail through Django's backend: console by default, SMTP when EMAIL_BACKEND says so."""

    def send(self, notification: Notification) -> None:
        send_mail(
            notification.subject,
            notification.body,
            settings.DEFAULT_FROM_EMAIL,
            [notification.to],
            fail_silently=False,
        )
