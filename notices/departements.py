"""The départements of the regions AR Hlm covers (PACA, Corse, Occitanie), as (code, label)."""

_NAMES = [
    ("04", "Alpes-de-Haute-Provence"),
    ("05", "Hautes-Alpes"),
    ("06", "Alpes-Maritimes"),
    ("09", "Ariège"),
    ("11", "Aude"),
    ("12", "Aveyron"),
    ("13", "Bouches-du-Rhône"),
    ("2A", "Corse-du-Sud"),
    ("2B", "Haute-Corse"),
    ("30", "Gard"),
    ("31", "Haute-Garonne"),
    ("32", "Gers"),
    ("34", "Hérault"),
    ("46", "Lot"),
    ("48", "Lozère"),
    ("65", "Hautes-Pyrénées"),
    ("66", "Pyrénées-Orientales"),
    ("81", "Tarn"),
    ("82", "Tarn-et-Garonne"),
    ("83", "Var"),
    ("84", "Vaucluse"),
]

DEPARTEMENTS = [(code, f"{name} ({code})") for code, name in _NAMES]
DEPARTEMENT_LABELS = dict(DEPARTEMENTS)
