"""Charts for the report, drawn with matplotlib as inline SVG (no network, no JavaScript), as
the pack's headline declares them (`warehouse/report.spec`)."""

import io
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from foi_ingest.packs.pack import Request
from foi_ingest.schemas.bodies import body_noun  # noqa: E402
from foi_ingest.warehouse.report import spec  # noqa: E402


def _svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg") :]


def cases_by_body(request: Request, h: dict[str, Any]) -> str:
    """Sorted horizontal bars; a lighter bar shows how far suppressed numbers may reach."""
    bodies = list(reversed(h["bodies_ranked"]))
    noun, counted = body_noun(request), spec(request)["counted"]
    fig, ax = plt.subplots(figsize=(7, 0.32 * len(bodies) + 1))
    names = [b["body_name"] for b in bodies]
    ax.barh(names, [b["cases_high"] for b in bodies], color="#c6dbef", label="up to (suppressed)")
    ax.barh(names, [b["cases_low"] for b in bodies], color="#2171b5", label="at least")
    ax.set_title(f"{counted.capitalize()} by {noun} ({len(bodies)} {noun}s)")
    ax.legend(loc="lower right", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)


def table_shares(request: Request, h: dict[str, Any]) -> str:
    """One stacked bar: the shares of the headline's table (how cases ended, by outcome group),
    in the order, labels and colours its declaration gives."""
    table = spec(request)["table"]
    declared = table.get("groups", {})
    groups = [g for g in declared if g in h["table"]]
    total = sum(h["table"][g]["cases_low"] for g in groups) or 1
    fig, ax = plt.subplots(figsize=(7, 1.1))
    left = 0.0
    for g in groups:
        share = 100 * h["table"][g]["cases_low"] / total
        ax.barh(
            [""],
            [share],
            left=left,
            color=declared[g].get("colour"),
            label=f"{declared[g].get('label', g)} ({share:.0f}%)",
        )
        left += share
    ax.set_xlim(0, 100)
    noun = body_noun(request)
    ax.set_title(f"{table['chart']} ({len(h['bodies_ranked'])} {noun}s, lower bounds)")
    ax.legend(ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.25), frameon=False)
    ax.spines[["top", "right", "left"]].set_visible(False)
    return _svg(fig)


def by_year(request: Request, h: dict[str, Any]) -> str:
    """Records by year; those without a year are left out and counted in the title."""
    years = {k: v for k, v in h["breakdowns"]["year"].items() if k != "None"}
    unknown = h["breakdowns"]["year"].get("None", {}).get("cases_low", 0)
    noun, counted = body_noun(request), spec(request)["counted"]
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.bar(list(years), [v["cases_low"] for v in years.values()], color="#2171b5")
    bodies = max((v["bodies"] for v in years.values()), default=0)
    ax.set_title(
        f"{counted.capitalize()} by year (up to {bodies} {noun}s; {unknown} {counted} with no "
        "year not shown)"
    )
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)
