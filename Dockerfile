# One image for web, worker, beat and the one-shot migrate service (docker-compose.yml).
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY scripts/vendor_assets.sh scripts/
RUN sh scripts/vendor_assets.sh

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=gezondemarke.settings.production \
    MEDIA_ROOT=/app/media BEAT_SCHEDULE_FILE=/app/var/celerybeat-schedule \
    XDG_CACHE_HOME=/app/var/cache
# (XDG_CACHE_HOME: Fontconfig, under WeasyPrint, needs a writable cache directory.)
# WeasyPrint's system libraries (Pango, HarfBuzz with subsetting for embedded fonts) and fonts.
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core \
        postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir .
COPY . .
COPY --from=assets /app/static/vendor static/vendor
# Static files are collected at build time with settings that hold no secret.
RUN DJANGO_SETTINGS_MODULE=gezondemarke.settings.collectstatic python manage.py collectstatic --noinput -v0
RUN useradd --system --home /app app && mkdir -p /app/media /app/var && chown app /app/media /app/var
USER app
EXPOSE 8000
CMD ["gunicorn", "gezondemarke.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2", "--threads", "4", "--access-logfile", "-"]
