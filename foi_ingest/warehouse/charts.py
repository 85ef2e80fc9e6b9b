"""Charts for the report, drawn with matplotlib as inline SVG (no network, no JavaScript)."""

import io
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

GROUP_COLOURS = {
    "left_force": "#b2182b", "formal_warning": "#ef8a62", "advice": "#fddbc7",
    "no_action": "#67a9cf", "ongoing": "#999999", "other": "#d9d9d9",
}  # fmt: skip


GROUP_LABELS = {
    "left_force": "left the force",
    "formal_warning": "formal warning",
    "advice": "advice",
    "no_action": "no action",
    "ongoing": "ongoing",
    "other": "other / not recorded",
}


def _svg(fig) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg") :]


def cases_by_force(h: dict[str, Any]) -> str:
    """Sorted horizontal bars; a lighter bar shows how far suppressed numbers may reach."""
    forces = list(reversed(h["forces_ranked"]))
    fig, ax = plt.subplots(figsize=(7, 0.32 * len(forces) + 1))
    names = [f["force_name"] for f in forces]
    ax.barh(names, [f["cases_high"] for f in forces], color="#c6dbef", label="up to (suppressed)")
    ax.barh(names, [f["cases_low"] for f in forces], color="#2171b5", label="at least")
    ax.set_title(f"Cases by force ({len(forces)} forces)")
    ax.legend(loc="lower right", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)


def outcomes(h: dict[str, Any]) -> str:
    """One stacked bar: how cases ended, by outcome group."""
    groups = [g for g in GROUP_COLOURS if g in h["outcome_groups"]]
    total = sum(h["outcome_groups"][g]["cases_low"] for g in groups) or 1
    fig, ax = plt.subplots(figsize=(7, 1.1))
    left = 0.0
    for g in groups:
        share = 100 * h["outcome_groups"][g]["cases_low"] / total
        ax.barh(
            [""],
            [share],
            left=left,
            color=GROUP_COLOURS[g],
            label=f"{GROUP_LABELS[g]} ({share:.0f}%)",
        )
        left += share
    ax.set_xlim(0, 100)
    ax.set_title(f"How cases ended ({len(h['forces_ranked'])} forces, lower bounds)")
    ax.legend(ncol=3, loc="upper center", bbox_to_anchor=(0.5, -0.25), frameon=False)
    ax.spines[["top", "right", "left"]].set_visible(False)
    return _svg(fig)


def by_year(h: dict[str, Any]) -> str:
    """Cases by year; records without a year are left out and counted in the title."""
    years = {k: v for k, v in h["years"].items() if k != "None"}
    unknown = h["years"].get("None", {}).get("cases_low", 0)
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.bar(list(years), [v["cases_low"] for v in years.values()], color="#2171b5")
    forces = max((v["forces"] for v in years.values()), default=0)
    ax.set_title(f"Cases by year (up to {forces} forces; {unknown} cases with no year not shown)")
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)
