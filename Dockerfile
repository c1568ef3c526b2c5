# syntax=docker/dockerfile:1
# Multi-stage: build wheels from the lock file, then a slim non-root runtime.
FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /build
COPY requirements.lock .
RUN python -m venv /opt/venv && /opt/venv/bin/pip install -r requirements.lock

FROM python:3.11-slim-bookworm AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles \
    PORT=8000
RUN groupadd --system app && useradd --system --gid app --home /app --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --chown=app:app manage.py pyproject.toml ./
COPY --chown=app:app config ./config
COPY --chown=app:app src ./src
# collectstatic needs settings that load: a throwaway key used only for this build step
RUN SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput -v0 \
    && mkdir -p /app/var && chown -R app:app /app/var /app/staticfiles
USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD python -c "import os,urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/api/health', timeout=4)"
# Web by default; the worker runs the same image with: python manage.py run_huey
CMD ["sh", "-c", "exec uvicorn config.asgi:application --host 0.0.0.0 --port ${PORT} --proxy-headers --no-access-log --workers ${WEB_CONCURRENCY:-2}"]
