"""Server-rendered SVG: estimated milk level after a single dose (no JavaScript, no CDN).

The curve is first-order elimination from the estimated peak milk level,
C(t) = C0 x 2^(-t / t1/2), the same model the engine uses for the pause
(t = t1/2 x log2(C0 / C); advice.engine.pk.hours_to_fall). The acceptable level is the
RID threshold expressed as a milk concentration: threshold x maternal dose / infant intake.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 480, 300
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 28, 52  # the y label is rotated at x=16


@dataclass(frozen=True)
class MilkCurve:
    c0_mg_per_l: float
    acceptable_mg_per_l: float
    half_life_h: float
    resume_h: float | None
    hours_span: float


def _value(numbers: dict[str, Any], key: str) -> float | None:
    item = numbers.get(key)
    if isinstance(item, dict) and item.get("value") is not None:
        return float(item["value"])
    return None


def milk_curve(verdict: Any) -> MilkCurve | None:
    """The curve for a single-dose verdict, or None when the numbers are not all there."""
    inputs = verdict.inputs or {}
    regimen = (inputs.get("regimen") or {}).get("value")
    if str(regimen) != "single":
        return None
    n = verdict.numbers or {}
    t_half = _value(n, "half_life_h")
    maternal = _value(n, "maternal_dose_mg_per_kg_day")
    intake = _value(n, "milk_intake_l_per_kg_day")
    threshold = _value(n, "rid_threshold_pct")
    if not (t_half and maternal and intake and threshold):
        return None
    acceptable = threshold / 100.0 * maternal / intake
    c0 = _value(n, "milk_conc_peak_mg_per_l")
    if c0 is None:
        rid_peak = _value(n, "rid_peak_pct") or _value(n, "rid_pct")
        if rid_peak is None:
            return None
        c0 = rid_peak / 100.0 * maternal / intake
    if c0 <= 0 or acceptable <= 0:
        return None
    resume = float(verdict.interrupt_hours) if verdict.interrupt_hours else None
    span = max(4 * t_half, (resume or 0) * 1.5, 1.0)
    span = min(span, 24 * 14)
    return MilkCurve(c0, acceptable, t_half, resume, span)


def _nice_step(span: float) -> float:
    for step in (0.25, 0.5, 1, 2, 3, 4, 6, 12, 24, 48, 72, 168):
        if span / step <= 6:
            return step
    return 336


def milk_level_svg(verdict: Any) -> SafeString | None:
    curve = milk_curve(verdict)
    if curve is None:
        return None
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    y_max = max(curve.c0_mg_per_l, curve.acceptable_mg_per_l) * 1.1

    def x(t: float) -> float:
        return LEFT + t / curve.hours_span * plot_w

    def y(c: float) -> float:
        return TOP + plot_h - c / y_max * plot_h

    steps = 60
    points = " ".join(
        f"{x(t):.1f},{y(curve.c0_mg_per_l * 2 ** (-t / curve.half_life_h)):.1f}"
        for t in (curve.hours_span * i / steps for i in range(steps + 1))
    )
    step = _nice_step(curve.hours_span)
    ticks = []
    t = 0.0
    while t <= curve.hours_span + 1e-9:
        ticks.append(t)
        t += step

    def anchor(t: float) -> str:  # the last tick ends at the plot edge: never clipped
        return "end" if x(t) > LEFT + plot_w - 12 else "middle"

    x_ticks = format_html_join(
        "",
        '<line class="grid-line" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>'
        '<text x="{5}" y="{3}" text-anchor="{6}">{4}</text>',
        (
            (
                f"{x(t):.1f}",
                TOP,
                TOP + plot_h,
                TOP + plot_h + 20,
                f"{t:g}",
                f"{x(t) + (4 if anchor(t) == 'end' else 0):.1f}",
                anchor(t),
            )
            for t in ticks
        ),
    )
    title = _("Estimated milk level after a single dose")
    desc = _(
        "Starts at %(c0)s mg/L and halves every %(t)s hours; the acceptable level is %(acc)s mg/L."
    ) % {
        "c0": f"{curve.c0_mg_per_l:.3g}",
        "t": f"{curve.half_life_h:g}",
        "acc": f"{curve.acceptable_mg_per_l:.3g}",
    }
    resume = SafeString("")
    if curve.resume_h is not None:
        desc += " " + _("Feeding can resume after %(h)s hours.") % {"h": f"{curve.resume_h:g}"}
        rx = x(curve.resume_h)
        anchor = "end" if rx > LEFT + plot_w * 0.7 else "start"
        dx = -4 if anchor == "end" else 4
        resume = format_html(
            '<line class="resume-line" x1="{0}" y1="{1}" x2="{0}" y2="{2}"/>'
            '<text class="resume-label" x="{3}" y="{4}" text-anchor="{5}">{6}</text>',
            f"{rx:.1f}",
            TOP,
            TOP + plot_h,
            f"{rx + dx:.1f}",
            TOP - 8,
            anchor,
            _("Resume at %(h)s h") % {"h": f"{curve.resume_h:g}"},
        )
    limit_y = y(curve.acceptable_mg_per_l)
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-labelledby="chart-title '
        'chart-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="chart-title">{title}</title><desc id="chart-desc">{desc}</desc>'
        "{xticks}"
        '<line class="axis" x1="{l}" y1="{b}" x2="{r}" y2="{b}"/>'
        '<line class="axis" x1="{l}" y1="{t}" x2="{l}" y2="{b}"/>'
        '<text x="{cx}" y="{xl}" text-anchor="middle">{xlabel}</text>'
        '<text x="16" y="{cy}" text-anchor="middle" transform="rotate(-90 16 {cy})">'
        "{ylabel}</text>"
        '<text class="c0-label" x="{yl}" y="{c0y}" text-anchor="start">{c0} mg/L</text>'
        '<line class="limit" x1="{l}" y1="{ly}" x2="{r}" y2="{ly}"/>'
        '<text class="limit-label" x="{r}" y="{lly}" text-anchor="end">{llabel}</text>'
        '<polyline class="curve" points="{points}"/>'
        "{resume}</svg>",
        w=WIDTH,
        h=HEIGHT,
        title=title,
        desc=desc,
        xticks=x_ticks,
        l=LEFT,
        r=LEFT + plot_w,
        t=TOP,
        b=TOP + plot_h,
        cx=LEFT + plot_w / 2,
        xl=HEIGHT - 8,
        xlabel=_("Hours after the dose"),
        cy=TOP + plot_h / 2,
        ylabel=_("Milk level (mg/L)"),
        yl=LEFT + 8,
        c0y=f"{max(y(curve.c0_mg_per_l) - 8, TOP - 8):.1f}",
        c0=f"{curve.c0_mg_per_l:.3g}",
        ly=f"{limit_y:.1f}",
        lly=f"{limit_y - 6:.1f}",
        llabel=_("Acceptable level %(v)s mg/L") % {"v": f"{curve.acceptable_mg_per_l:.3g}"},
        points=points,
        resume=resume,
    )
