"""gunicorn's logs as JSON lines (LOG_FORMAT=json), like the portal's: see config/gunicorn.py."""

import logging

from gunicorn import glogging
from pythonjsonlogger.json import JsonFormatter

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
DATE = "%Y-%m-%dT%H:%M:%S%z"  # the portal's: its workers' local time, with the offset
RENAMED = {"asctime": "time", "levelname": "level", "name": "logger"}


class JsonLogger(glogging.Logger):
    """gunicorn's error and access logs, one JSON object a line, with the request's fields."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonFormatter(FORMAT, DATE, rename_fields=RENAMED))

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        atoms = self.atoms_wrapper_class(self.atoms(resp, req, environ, request_time))
        fields = {
            # The id the portal answered with: nginx's, or the one it made (never "-" then).
            "request_id": atoms["{x-request-id}o"],
            "remote": atoms["h"],
            "method": atoms["m"],
            "path": atoms["U"],
            "query": atoms["q"],
            "status": int(atoms["s"]) if str(atoms["s"]).isdigit() else atoms["s"],
            "bytes": atoms["B"],
            "duration_ms": atoms["M"],
            "user_agent": atoms["a"],
            "pid": atoms["p"],
        }
        record = self.access_log.makeRecord(
            self.access_log.name, logging.INFO, __file__, 0, "request", (), None
        )
        record.__dict__.update(fields)  # request_id replaces the record's default "-"
        self.access_log.handle(record)
