import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
django.setup(set_prefix=False)

from entrypoints.asgi import PooledASGIHandler  # noqa: E402  (after setup: settings put src on the path)

application = PooledASGIHandler()
