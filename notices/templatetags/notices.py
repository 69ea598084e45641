from django import template

from notices.models import Follow

register = template.Library()


@register.simple_tag(takes_context=True)
def is_following(context, kind: str, key: str) -> bool:
    """Does the signed-in member follow this club (slug), theme (slug) or département (code)?"""
    user = context["request"].user
    if not user.is_authenticated:
        return False
    lookup = {"departement": key} if kind == Follow.Kind.DEPARTEMENT else {f"{kind}__slug": key}
    return Follow.objects.filter(user=user, kind=kind, **lookup).exists()
