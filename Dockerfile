# Sitrep worker / replay image. Built by docker-compose.yml (services worker and replay).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Source, package data and seeds/ (replay reads them); .dockerignore keeps the venv,
# caches and .git out of the build context.
COPY . .
RUN pip install . \
    && useradd --create-home --uid 10001 sitrep \
    && chown -R sitrep /app

# Faust keeps its table state under the working directory: /app must be writable.
USER sitrep

CMD ["python", "-m", "streams", "worker", "-l", "info"]
