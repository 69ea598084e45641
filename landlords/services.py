"""Writes on accounts: keyword-only functions that validate, run in a transaction, return."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from landlords.models import User


def _send_approval_email(user: User) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {"user": user, "url": settings.SITE_URL + reverse("clubs:dashboard")}
        subject = render_to_string("landlords/email/approved_subject.txt", context).strip()
        body = render_to_string("landlords/email/approved_message.txt", context)
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [user.email])


def user_approve(*, actor: User, user: User) -> User:
    """Approve a member's account and tell them by email (sent once the transaction commits)."""
    if not actor.has_perm("landlords.approve_user"):
        raise PermissionDenied
    if not user.is_active:
        raise ValidationError(_("An inactive account cannot be approved."))
    if not user.emailaddress_set.filter(email__iexact=user.email, verified=True).exists():
        raise ValidationError(
            _("The email address %(email)s is not confirmed yet.") % {"email": user.email}
        )
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_approved:
            return user
        user.is_approved = True
        user.approved_at = timezone.now()
        user.save(update_fields=["is_approved", "approved_at"])
        transaction.on_commit(lambda: _send_approval_email(user))
    return user
