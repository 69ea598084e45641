"""Small server-rendered SVG line charts of an indicator's measurements (no JavaScript)."""

from dataclasses import dataclass

WIDTH, HEIGHT = 320, 140
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 40, 12, 12, 24


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: list
    polyline: str
    target_y: float | None
    y_max_label: str
    y_min_label: str
    x_first_label: str
    x_last_label: str


def _fmt(value) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def indicator_chart(indicator) -> Chart | None:
    """Coordinates for the template to draw; None without measurements."""
    measurements = list(indicator.measurements.all())
    if not measurements:
        return None
    values = [float(m.value) for m in measurements]
    reference = [float(indicator.target)] if indicator.target is not None else []
    low = min([0.0, *values, *reference])
    high = max([*values, *reference]) or 1.0
    if high == low:
        high = low + 1
    days = [m.date.toordinal() for m in measurements]
    first, last = days[0], days[-1]
    span = (last - first) or 1
    inner_w = WIDTH - PAD_LEFT - PAD_RIGHT
    inner_h = HEIGHT - PAD_TOP - PAD_BOTTOM

    def y_of(value: float) -> float:
        return round(PAD_TOP + inner_h * (1 - (value - low) / (high - low)), 1)

    points = []
    for index, measurement in enumerate(measurements):
        x = PAD_LEFT + (inner_w / 2 if last == first else inner_w * (days[index] - first) / span)
        points.append(
            Point(
                x=round(x, 1),
                y=y_of(values[index]),
                label=measurement.date.strftime("%d/%m/%Y"),
                value=_fmt(measurement.value),
            )
        )
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        points=points,
        polyline=" ".join(f"{p.x},{p.y}" for p in points),
        target_y=y_of(float(indicator.target)) if indicator.target is not None else None,
        y_max_label=_fmt(high),
        y_min_label=_fmt(low),
        x_first_label=measurements[0].date.strftime("%m/%Y"),
        x_last_label=measurements[-1].date.strftime("%m/%Y"),
    )
