"""gunicorn settings for one app server: ``gunicorn -c gunicorn.conf.py archive_site.wsgi``.

Every value can be changed through the environment, so the same file serves a large server, a
small one and the local stack (scripts/stack). The app keeps no state of its own: run as many of
these servers as needed behind a load balancer, all with the same DATABASE_URL and REDIS_URL.
"""

import multiprocessing
import os

wsgi_app = "archive_site.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")

# Sync workers: pages are short database reads, so a worker per core and a spare or two keeps
# the CPUs busy; more workers only add memory and database connections (one each, kept open for
# DATABASE_CONN_MAX_AGE seconds, so size PostgreSQL's max_connections for servers × workers).
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request that takes longer is stuck (a lost database connection): the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
# Keep-alive only matters between the balancer and this server.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", 5))
# Replace each worker after this many requests (with jitter, so they do not all restart at once):
# it bounds the memory a slow leak can take.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 2000))
max_requests_jitter = 200

# The balancer's X-Forwarded-* headers are trusted only from these addresses.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-" for stdout
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
# Django logs to stderr (settings.LOGGING): into the error log with gunicorn's own messages.
capture_output = True
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
pidfile = os.environ.get("GUNICORN_PID_FILE") or None
proc_name = os.environ.get("GUNICORN_PROC_NAME", "archive")
