"""The communes of the club's regions, by their INSEE code (places/dataset.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from config.collation import french
from landlords.departements import DEPARTEMENTS

DEPARTEMENT_NAMES = dict(DEPARTEMENTS)


class Commune(models.Model):
    """A commune of the Code officiel géographique. Loaded and refreshed from places/data/
    (never edited by hand): `code` is INSEE's, stable across the portal and its exports."""

    code = models.CharField(_("INSEE code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    departement = models.CharField(_("département"), max_length=3, db_index=True)
    region = models.ForeignKey(
        "landlords.Region",
        verbose_name=_("region"),
        related_name="communes",
        on_delete=models.PROTECT,
        null=True,
    )
    postal_codes = models.CharField(_("postal codes"), max_length=200, blank=True)
    population = models.PositiveIntegerField(_("population"), default=0)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = [french("name"), "code"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """As the commune field shows it: "Toulouse (31)" — names repeat across départements."""
        return f"{self.name} ({self.departement})"

    @property
    def departement_name(self) -> str:
        return DEPARTEMENT_NAMES.get(self.departement, self.departement)
