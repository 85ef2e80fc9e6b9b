"""The report as one self-contained HTML page: headline, charts, coverage table."""

import html
from typing import Any

from foi_ingest.packs.pack import Request
from foi_ingest.schemas.bodies import body_noun
from foi_ingest.warehouse import charts
from foi_ingest.warehouse.report import coverage_lines, sentence, spec, total

_STYLE = """
body { font-family: Georgia, serif; max-width: 60rem; margin: 2rem auto; color: #222; }
h1 { font-size: 1.6rem; } .headline { font-size: 1.25rem; line-height: 1.5; }
table { border-collapse: collapse; margin: 1rem 0; } td, th { padding: .25rem .6rem;
border-bottom: 1px solid #ddd; text-align: left; vertical-align: top; } figure { margin: 1.5rem 0; }
.note { color: #666; font-size: .9rem; }
"""


def render_html(request: Request, h: dict[str, Any]) -> str:
    """A page an editor can read and print."""
    esc = html.escape
    title, counted = spec(request)["title"], spec(request)["counted"]
    rows = "".join(
        f"<tr><td>{esc(k)}</td><td>{c}</td><td>{esc(w)}</td></tr>"
        for k, c, w in coverage_lines(request, h)
    )
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{esc(title)}: FOI returns</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f"<p class='headline'>{esc(sentence(request, h))}</p>",
        f"<p>Total: <strong>{esc(total(h))}</strong> {esc(counted)}.</p>",
    ]
    if h["cases_high"]:
        parts += [
            f"<figure>{charts.cases_by_body(request, h)}</figure>",
            f"<figure>{charts.table_shares(request, h)}</figure>",
            f"<figure>{charts.by_year(request, h)}</figure>",
        ]
    parts += [
        "<h2>Who answered</h2>",
        f"<table><tr><th>answer</th><th>{body_noun(request)}s</th><th>who</th></tr>{rows}</table>",
        f"<p class='note'>Open rejected rows awaiting a validator: {h['open_rejected_rows']}. "
        "Suppressed small numbers are shown as ranges; shares use the lower bounds.</p>",
        "</body></html>",
    ]
    return "\n".join(parts)
