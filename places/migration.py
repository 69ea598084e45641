"""Matching the free-text communes typed before the official list (data migrations)."""

import sys

from places import lookup


def match_free_text(model, departement_of, label: str, *, fill_departement=False) -> None:
    """For each row of `model` with a `commune_label`: the commune it names, in its
    département where one is known (`departement_of(row)`); matched rows get the commune and
    lose the label (and, with `fill_departement`, get the commune's département where they had
    none); the others keep it, and are reported."""
    matched, missed = 0, []
    for row in model.objects.exclude(commune_label="").iterator():
        found = lookup.matches(row.commune_label, departement_of(row) or "")
        if len(found) == 1:
            values = {"commune_id": found[0]["code"], "commune_label": ""}
            if fill_departement and not row.departement:
                values["departement"] = found[0]["departement"]
            model.objects.filter(pk=row.pk).update(**values)
            matched += 1
        else:
            reason = "several communes" if found else "no commune"
            missed.append(f"  {label} {row.pk}: “{row.commune_label}” ({reason})")
    if matched or missed:
        sys.stdout.write(f"\n  {label}s: {matched} communes matched, {len(missed)} kept as typed\n")
        sys.stdout.write("".join(line + "\n" for line in missed))
