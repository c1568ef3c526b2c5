# syntax=docker/dockerfile:1
# Multi-stage: build wheels from the lock file, then a slim non-root runtime. One image, two process types:
#   web (default):  python -m config.web (uvicorn workers), health check GET /api/health        worker:  python manage.py run_worker
# The staff console (console/, React + Vite): built with Node 20; only its console/dist reaches the image. It reuses
# the TypeScript client's generated types (clients/typescript/src/schema.d.ts).
FROM node:20-bookworm-slim AS console
WORKDIR /src/console
COPY console/package.json console/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY clients/typescript/src /src/clients/typescript/src
COPY clients/telemetry/src /src/clients/telemetry/src
COPY console ./
RUN npm run build

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
COPY --from=console --chown=app:app /src/console/dist ./console/dist
# collectstatic loads the production settings, which insist on every required variable: throwaway values
# used only for this build step (nothing connects anywhere)
RUN SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=build.invalid DATABASE_URL=postgres://build@build.invalid/build \
    REDIS_URL=redis://build.invalid:6379/0 AUDIT_CHAIN_KEY=build-only-not-secret-0123456789abcdef \
    python manage.py collectstatic --noinput -v0 \
    && python -m whitenoise.compress -q console/dist/assets \
    && mkdir -p /app/var /app/files && chown -R app:app /app/var /app/files /app/staticfiles
USER app
EXPOSE 8000
# the web check sends a Host from ALLOWED_HOSTS; the worker's service overrides it with:
#   python -m config.healthcheck worker   (run_worker's heartbeat)
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["python", "-m", "config.healthcheck", "web"]
# /app/files: the bulk and privacy files web and worker share (compose.yaml mounts one volume there; an empty volume
# takes this directory's owner, so the app user can write to it)
# Behind a proxy set FORWARDED_ALLOW_IPS to its address(es) so that audit entries record the client's IP.
# WEB_CONCURRENCY uvicorn workers (default: the CPUs the container may use), each on its own SO_REUSEPORT socket
CMD ["python", "-m", "config.web"]
