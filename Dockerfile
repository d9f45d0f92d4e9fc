# Retain's image (README "Running in production"): one image for the web nodes, the job workers
# and the scheduler — the command picks the role (deploy/compose.yaml). Checked by hadolint in the
# tests; no container engine runs on the machines it was written on, so it has not been built.

# --- build: the virtualenv and the collected static files
FROM python:3.12.12-slim-bookworm AS build
RUN python -m venv /opt/venv
COPY requirements.txt /tmp/requirements.txt
RUN /opt/venv/bin/pip install --no-cache-dir --disable-pip-version-check -r /tmp/requirements.txt
WORKDIR /app
COPY . .
# collectstatic with the production storage (hashed, compressed names); the key is build-only.
RUN DEBUG=0 SECRET_KEY=build-only-key-never-used-at-run-time-0123456789abcdefghij \
    ALLOWED_HOSTS=localhost /opt/venv/bin/python manage.py collectstatic --no-input -v 0

# --- run: no compiler, no pip cache, not root
FROM python:3.12.12-slim-bookworm
RUN groupadd --system --gid 10001 retain \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --shell /usr/sbin/nologin retain
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=10001:10001 /app /app
WORKDIR /app
USER 10001:10001
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    GUNICORN_BIND=0.0.0.0:8000 \
    FORWARDED_ALLOW_IPS=*
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["gunicorn", "-c", "deploy/gunicorn.conf.py", "learning.wsgi:application"]
