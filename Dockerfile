FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=gezondemarke.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir .
COPY . .
COPY --from=assets /app/node_modules/@utrecht/component-library-css/dist/index.css static/vendor/utrecht/component-library.css
COPY --from=assets /app/node_modules/@utrecht/design-tokens/dist/index.css static/vendor/utrecht/design-tokens.css
RUN SECRET_KEY=build-only-key-build-only-key-build-only-key-build-only python manage.py collectstatic --noinput
RUN useradd --system app && mkdir -p /app/media && chown app /app/media
USER app
EXPOSE 8000
CMD ["gunicorn", "gezondemarke.wsgi", "--bind", "0.0.0.0:8000", "--workers", "2"]
