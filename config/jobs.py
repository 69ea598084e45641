"""Queue a background job (django-q2, settings.Q_CLUSTER) once the current transaction commits.

Apps name the job by its dotted path, so that queueing imports nothing of the app that runs it
(clubs queues the Cahier's pre-rendering in reports, which clubs may not import)."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(func: str, *args, group: str = "", **kwargs) -> None:
    """Run `func(*args, **kwargs)` on a worker after the commit (at once outside a transaction).
    A queue that cannot be written to is logged, never fails the request that asked."""

    def put():
        from django_q.tasks import async_task

        try:
            async_task(func, *args, group=group or func.rsplit(".", 1)[-1], **kwargs)
        except Exception:
            logger.exception("jobs: %s could not be queued", func)

    transaction.on_commit(put)
