"""Who may ask for a prepared export and fetch it: signed-in people, each their own only."""

import rules


@rules.predicate
def is_requester(user, export) -> bool:
    return bool(user.is_authenticated and export.requested_by_id == user.pk)


rules.add_perm("jobs.request_export", rules.is_authenticated)
rules.add_perm("jobs.see_export", is_requester)
# Resubmitting or deleting jobs from the admin (its actions declare no permission of their own).
rules.add_perm("jobs.manage_jobs", rules.is_superuser)
