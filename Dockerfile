# LactRx production image: gunicorn behind a proxy; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Pango/HarfBuzz for WeasyPrint (PDF handouts), fonts, gettext for message catalogues.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system lactrx && useradd --system --gid lactrx --home /app lactrx
WORKDIR /app

COPY requirements.lock .
RUN pip install --require-hashes --no-deps -r requirements.lock

COPY --chown=lactrx:lactrx . .
RUN DJANGO_SECRET_KEY=build-only-collectstatic python manage.py collectstatic --noinput \
    && DJANGO_SECRET_KEY=build-only-compilemessages python manage.py compilemessages

USER lactrx
EXPOSE 8000
# Workers, threads, timeout and logs: gunicorn.conf.py (chosen by measurement, bench/README.md).
CMD ["gunicorn", "lactmed.wsgi:application"]
