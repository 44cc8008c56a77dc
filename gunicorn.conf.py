"""gunicorn settings for LactRx (read from the working directory; flags on the command line win).

Chosen by measurement (bench/run.py --load, bench/README.md): on 2 cores with PostgreSQL and
Redis on the same machine, 2 ``gthread`` workers x 8 threads served the drug page and the advice
API best of gthread 2x8, 3x4, 4x2 and sync x5; a request mostly waits on the database or the
cache, which threads overlap. ``WEB_CONCURRENCY`` (workers) and ``GUNICORN_THREADS`` override.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 2))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 8))
timeout = 30
keepalive = 5
# One line per request on stdout; GUNICORN_ACCESS_LOG="" turns it off (bench/run.py does).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
