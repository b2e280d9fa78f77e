# The application image: web (gunicorn), Celery worker and Celery beat all run from it (docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

# The Makefile's SYSTEM_PACKAGES without chromium (browser tests only): CJK fonts and Pango for
# WeasyPrint PDFs, libharfbuzz-subset0 for fast font subsetting, poppler, gettext for compilemessages.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt

COPY . .
# Build-time only: compile the Chinese catalogues and collect static files (no secrets needed for that).
RUN DEBUG=1 python manage.py compilemessages --ignore=.venv -v 0 \
    && DEBUG=0 SECRET_KEY=build-only FIELD_ENCRYPTION_KEY=build-only python manage.py collectstatic --noinput -v 0 \
    && useradd --system --uid 10001 --home-dir /app enforcement \
    && mkdir -p /var/lib/enforcement/media && chown enforcement /var/lib/enforcement/media

USER enforcement
EXPOSE 8000
CMD ["gunicorn", "enforcement.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", \
     "--access-logfile", "-"]
