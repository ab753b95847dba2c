"""The person drawn for every icon: one shape for everybody (Zikmund-Fisher et al. 2014 found
person-like "restroom" icons recalled best and liked most)."""

from __future__ import annotations

__all__ = ["person_path"]

#: A head and a body with legs, centred on (0, 0), from -1 (top of the head) to 1 (feet): the
#: box Vega-Lite asks custom point shapes to fill. Absolute commands only, so it scales by
#: multiplying every number.
_PERSON: tuple[tuple[str, tuple[float, ...]], ...] = (
    ("M", (0, -1)),
    ("C", (0.149, -1, 0.27, -0.879, 0.27, -0.73)),
    ("C", (0.27, -0.581, 0.149, -0.46, 0, -0.46)),
    ("C", (-0.149, -0.46, -0.27, -0.581, -0.27, -0.73)),
    ("C", (-0.27, -0.879, -0.149, -1, 0, -1)),
    ("Z", ()),
    ("M", (-0.3, -0.4)),
    ("H", (0.3,)),
    ("C", (0.4, -0.4, 0.46, -0.34, 0.46, -0.24)),
    ("V", (0.3,)),
    ("H", (0.28,)),
    ("V", (1,)),
    ("H", (0.03,)),
    ("V", (0.4,)),
    ("H", (-0.03,)),
    ("V", (1,)),
    ("H", (-0.28,)),
    ("V", (0.3,)),
    ("H", (-0.46,)),
    ("V", (-0.24,)),
    ("C", (-0.46, -0.34, -0.4, -0.4, -0.3, -0.4)),
    ("Z", ()),
)

#: The person's width as a fraction of its height.
ASPECT = 0.46


def person_path(height: float = 2.0) -> str:
    """The person as an SVG path string, ``height`` units tall and centred on (0, 0).

    The default, 2, is the -1 to 1 box of a Vega-Lite point shape.
    """
    scale = height / 2
    return "".join(
        command + " ".join(f"{round(v * scale, 2):g}" for v in values)
        for command, values in _PERSON
    )
