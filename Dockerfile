# The CNO app: `cno serve` on $PORT (3000), as a non-root user, with a health check on /healthz.
# Build: docker build -t cno .   Run with PostgreSQL: docker compose up (see compose.yaml and the README).
FROM python:3.11-slim AS build
WORKDIR /src
COPY requirements.txt pyproject.toml README.md ./
COPY bot bot
COPY storage storage
COPY matching matching
COPY message_templates message_templates
RUN python -m venv /venv
RUN /venv/bin/python -m pip install --no-cache-dir -r requirements.txt

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 cno
COPY --from=build /venv /venv
ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 PORT=3000
USER cno
WORKDIR /home/cno
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '3000'), timeout=4)"]
CMD ["cno", "serve"]
