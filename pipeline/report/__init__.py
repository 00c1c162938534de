"""Pictures of the `events` table for analysts: a map of the events over country outlines, and
the events per day by type, as PNG bytes (`conflict-events report`, and the `events` asset's
metadata in the Dagster UI).

matplotlib is imported inside the functions, so that importing the pipeline does not pay for it.
The country outlines are Natural Earth's 1:110m countries, shipped in this package
(`countries_110m.json.xz`, see build_outlines.py): drawing never downloads anything.

The PNG bytes depend only on the table: fixed figure size and resolution, the Agg renderer, no
pyplot state, a deterministic 256-colour reduction, and no creation software or time in the file."""
from __future__ import annotations

import calendar
import datetime as dt
import io
import json
import lzma
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyarrow as pa

from pipeline.registry import registry

OUTLINES = Path(__file__).with_name("countries_110m.json.xz")
MAP = "map.png"
BY_TYPE_DAY = "by_type_day.png"
NO_TYPE = "no ACLED type"
# Margin around the events' extent, as a share of its span, and at least this many degrees.
MARGIN_SHARE = 0.15
MARGIN_DEGREES = 2.0
# Most bars across the chart: a longer span of days is drawn per week, month or year.
MAX_BARS = 92


@dataclass(frozen=True)
class Size:
    """A picture's size: inches and dots per inch (pixels = inches x dpi)."""
    width: float
    height: float
    dpi: int

    @property
    def pixels(self) -> tuple[int, int]:
        return round(self.width * self.dpi), round(self.height * self.dpi)


# The command's pictures, and the smaller, cheaper ones embedded in the UI's metadata.
FULL = Size(10, 7, 100)
SMALL = Size(6.5, 4.5, 72)  # sizes whose pixels are whole numbers: the file is exactly that big


@lru_cache(maxsize=1)
def country_rings() -> tuple[tuple[tuple[float, float], ...], ...]:
    """Every ring (outer boundary or hole) of every country outline, as (lon, lat) points."""
    data = json.loads(lzma.decompress(OUTLINES.read_bytes()))
    return tuple(tuple((lon, lat) for lon, lat in ring) for c in data["countries"] for ring in c["rings"])


def event_types() -> list[str]:
    """The ACLED event types in the registry's order (which fixes their colours), then NO_TYPE."""
    return [*(registry()["events"]["acled_event_type"].allowed() or []), NO_TYPE]


def _colours() -> dict[str, tuple[float, float, float, float]]:
    from matplotlib import colormaps

    types = event_types()
    palette = colormaps["tab10"]
    colours = {t: palette(i) for i, t in enumerate(types[:-1])}
    colours[NO_TYPE] = (0.55, 0.55, 0.55, 1.0)
    return colours


def _type_of(value: str | None) -> str:
    return value if value else NO_TYPE


def _new_figure(size: Size):
    from matplotlib.figure import Figure

    return Figure(figsize=(size.width, size.height), dpi=size.dpi)


def _png(figure, size: Size, title: str, caption: str) -> bytes:
    """The figure as a 256-colour PNG (a third of the bytes of matplotlib's true-colour file for
    these flat-coloured pictures, which the UI's event log stores at every run), with its title
    and caption as the file's text (a script or a screen reader gets them without the pixels)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image, PngImagePlugin

    figure.text(0.01, 0.01, caption, fontsize="x-small", color="#444444")
    figure.tight_layout(rect=(0, 0.03, 1, 1))
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).convert("RGB")
    palette = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    text = PngImagePlugin.PngInfo()
    text.add_text("Title", title)
    text.add_text("Description", caption)
    buffer = io.BytesIO()
    # no creation time nor software version is written: the same table gives the same bytes
    palette.save(buffer, format="PNG", optimize=True, pnginfo=text)
    return buffer.getvalue()


def _extent(lons: list[float], lats: list[float]) -> tuple[float, float, float, float]:
    """The events' bounding box with a margin, kept inside the globe."""
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    dx = max((east - west) * MARGIN_SHARE, MARGIN_DEGREES)
    dy = max((north - south) * MARGIN_SHARE, MARGIN_DEGREES)
    return max(west - dx, -180.0), min(east + dx, 180.0), max(south - dy, -90.0), min(north + dy, 90.0)


def draw_map(events: pa.Table, size: Size = FULL) -> bytes:
    """The located events as points over country outlines (PNG), coloured by ACLED event type
    and sized by fatalities, zoomed to the events with a margin; the caption counts the events
    without coordinates, which cannot be drawn."""
    from matplotlib.collections import PolyCollection

    rows = events.select(["latitude", "longitude", "acled_event_type", "fatalities_best"]).to_pylist()
    located = [r for r in rows if r["latitude"] is not None and r["longitude"] is not None]
    figure = _new_figure(size)
    axes = figure.add_subplot()
    if located:
        west, east, south, north = _extent([r["longitude"] for r in located], [r["latitude"] for r in located])
    else:
        west, east, south, north = -180.0, 180.0, -60.0, 85.0
    axes.set_facecolor("#dceaf5")  # sea
    axes.add_collection(PolyCollection(country_rings(), facecolors="#f4f1ea", edgecolors="#8c8c8c",
                                       linewidths=0.5, zorder=1))
    colours = _colours()
    by_type: dict[str, list[dict]] = {}
    for r in located:
        by_type.setdefault(_type_of(r["acled_event_type"]), []).append(r)
    # events without an ACLED type first, so that the typed ones are drawn over them
    for t in [NO_TYPE, *event_types()[:-1]]:
        points = by_type.get(t)
        if not points:
            continue
        # area grows with the logarithm of fatalities: one event with thousands of dead does not
        # cover a region's many small ones
        sizes = [25 + 40 * math.log10(1 + (r["fatalities_best"] or 0)) for r in points]
        axes.scatter([r["longitude"] for r in points], [r["latitude"] for r in points], s=sizes,
                     color=colours[t], alpha=0.75, edgecolors="black", linewidths=0.4, zorder=3,
                     label=f"{t} ({len(points)})")
    axes.set_xlim(west, east)
    axes.set_ylim(south, north)
    # plate carrée, with the aspect that keeps shapes right at the map's middle latitude
    axes.set_aspect(1 / max(math.cos(math.radians((south + north) / 2)), 0.2))
    axes.set_xlabel("longitude")
    axes.set_ylabel("latitude")
    if located:
        handles, labels = axes.get_legend_handles_labels()
        order = sorted(range(len(labels)), key=lambda i: event_types().index(labels[i].rsplit(" (", 1)[0]))
        legend = axes.legend([handles[i] for i in order], [labels[i] for i in order], loc="best",
                             fontsize="x-small", title="ACLED event type (events)", title_fontsize="x-small",
                             framealpha=0.9)
        for handle in legend.legend_handles:  # one marker size in the legend: it names colours
            handle.set_sizes([30])
    missing = len(rows) - len(located)
    title = f"{len(located)} of {len(rows)} events located" + ("" if located else ": no event has coordinates")
    axes.set_title(title, fontsize="medium")
    caption = ("marker area grows with log(1 + fatalities), best estimate; "
               + (f"{missing} events without coordinates are not drawn" if missing
                  else "every event drawn" if rows else "the table has no events")
               + "; outlines: Natural Earth 1:110m")
    return _png(figure, size, title, caption)


def _bins(first: dt.date, last: dt.date) -> tuple[str, Callable[[dt.date], dt.date], Callable[[dt.date], int]]:
    """The bar width for the dates' span: the shortest of day, week (from Monday), month and
    year that needs at most MAX_BARS bars (a bar narrower than that is not seen); the unit's
    name, day -> the first day of its bin, and bin -> its length in days."""
    def month_days(d: dt.date) -> int:
        return ((d.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - d).days

    span = (last - first).days + 1
    if span <= MAX_BARS:
        return "day", lambda d: d, lambda d: 1
    if span <= MAX_BARS * 7:
        return "week", lambda d: d - dt.timedelta(days=d.weekday()), lambda d: 7
    if (last.year - first.year) * 12 + last.month - first.month < MAX_BARS:
        return "month", lambda d: d.replace(day=1), month_days
    return "year", lambda d: dt.date(d.year, 1, 1), lambda d: 366 if calendar.isleap(d.year) else 365


def draw_by_type_day(events: pa.Table, size: Size = FULL) -> bytes:
    """Events per day of `date_start`, stacked by ACLED event type (PNG); per week, month or
    year when the dates span too long for a day's bar to be seen (said in the title). Undated
    events are counted in the caption, not drawn."""
    rows = events.select(["date_start", "acled_event_type"]).to_pylist()
    dated = [r for r in rows if r["date_start"] is not None]
    figure = _new_figure(size)
    axes = figure.add_subplot()
    colours = _colours()
    unit = "day"
    if dated:
        unit, bin_of, length = _bins(min(r["date_start"] for r in dated), max(r["date_start"] for r in dated))
        counts = Counter((bin_of(r["date_start"]), _type_of(r["acled_event_type"])) for r in dated)
        starts = sorted({start for start, _ in counts})  # bins with events: empty ones cost no bar
        bottom = dict.fromkeys(starts, 0)
        for t in event_types():
            drawn = [s for s in starts if counts.get((s, t))]
            if not drawn:
                continue
            heights = [counts[(s, t)] for s in drawn]
            axes.bar(drawn, heights, bottom=[bottom[s] for s in drawn], width=[length(s) * 0.9 for s in drawn],
                     align="edge", color=colours[t], label=f"{t} ({sum(heights)})")
            for s, h in zip(drawn, heights):
                bottom[s] += h
        axes.legend(loc="upper left", fontsize="small", title="ACLED event type (events)",
                    title_fontsize="small", framealpha=0.9)
        axes.set_ylim(0, max(bottom.values()) * 1.3 + 1)
        axes.yaxis.get_major_locator().set_params(integer=True)
        figure.autofmt_xdate()
    else:
        axes.set_xticks([])
        axes.set_yticks([])
        axes.text(0.5, 0.5, "no event has a date", ha="center", va="center", transform=axes.transAxes)
    axes.set_ylabel(f"events per {unit}")
    title = f"{len(dated)} of {len(rows)} events dated, by {unit} of date_start"
    axes.set_title(title, fontsize="medium")
    undated = len(rows) - len(dated)
    caption = (f"{undated} events without a date are not drawn" if undated
               else "every event has a date" if rows else "the table has no events")
    return _png(figure, size, title, caption)


def draw(events: pa.Table, size: Size = FULL) -> dict[str, bytes]:
    """Both pictures of `events`, by file name."""
    return {MAP: draw_map(events, size), BY_TYPE_DAY: draw_by_type_day(events, size)}


def write_report(events: pa.Table, to: str | Path, size: Size = FULL) -> dict[str, Path]:
    """Write map.png and by_type_day.png of `events` into the folder `to`; their paths."""
    folder = Path(to)
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, png in draw(events, size).items():
        path = folder / name
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_bytes(png)
        temporary.replace(path)  # a reader never sees half a picture
        written[name] = path
    return written
