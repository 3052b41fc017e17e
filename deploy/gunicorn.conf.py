"""gunicorn settings for Open Nijmegen (``gunicorn -c deploy/gunicorn.conf.py``).

App processes are stateless: sessions live in signed cookies, rate limits in Redis
(OPEN_NIJMEGEN_REDIS_URL), uploads on a shared volume, jobs and mail in the database.
Every value can be overridden with an environment variable.
"""

import multiprocessing
import os

wsgi_app = "open_nijmegen:create_app()"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", min(multiprocessing.cpu_count() * 2 + 1, 8)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = 2000  # recycle workers now and then (memory)
max_requests_jitter = 200
preload_app = True
# Behind the cluster's ingress; the app reads the client address with OPEN_NIJMEGEN_TRUSTED_PROXIES.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Access log without client addresses or query strings (privacy: no IP addresses in logs).
accesslog = "-"
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Heartbeat files in memory, not on a (read-only or slow) disk; gunicorn docs advise this.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
