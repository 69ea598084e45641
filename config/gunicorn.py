"""gunicorn's settings for the portal: `gunicorn -c python:config.gunicorn config.wsgi`.

The systemd unit (deploy/systemd/club-web@.service) gives the address; the rest is read from
the same environment as Django's settings. With LOG_FORMAT=json the access log and gunicorn's
own messages are JSON lines too, with the request id the portal echoed (config/request_id.py).
"""

import os

bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")]
# Sync workers, one request at a time each: nginx buffers slow clients in front of them.
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# A Cahier not yet cached takes some seconds to build; nginx waits 60 s (proxy_read_timeout).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On SIGTERM the workers finish the requests they hold within this time (systemd waits longer).
graceful_timeout = 30
# A worker is replaced after this many requests, so that a slow leak never grows for weeks.
max_requests = 1000
max_requests_jitter = 100
accesslog = "-"
errorlog = "-"
# Never the client's address from a header: the portal reads X-Forwarded-For itself
# (TRUSTED_PROXY_COUNT), and gunicorn's log shows nginx's address with the request id.
forwarded_allow_ips = ""

if os.environ.get("LOG_FORMAT") == "json":
    logger_class = "config.gunicorn_logging.JsonLogger"
# gunicorn's control socket (`gunicornc`) is not used; two nodes on one host would share its path.
control_socket_disable = True
