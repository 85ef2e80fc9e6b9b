"""Commands about requests: `foi bodies`, `foi requests`, `foi check-request`,
`foi new-request`."""

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from foi_ingest.cli import RequestOption, _request, app, console


@app.command()
def bodies(request: RequestOption = None) -> None:
    """List the bodies the request went to, with the aliases that recognise inbox folders."""
    from foi_ingest.schemas.bodies import bodies as all_bodies

    req = _request(request)
    table = Table("body_id", "name", "region", "aliases")
    for f in all_bodies(req).values():
        table.add_row(f.body_id, f.name, f.region, ", ".join(f.aliases))
    console.print(table)


@app.command("forces", hidden=True)
def forces(request: RequestOption = None) -> None:
    """The former name of `foi bodies`."""
    bodies(request)


@app.command("requests")
def requests_cmd() -> None:
    """List the request packs found: in `FOI_REQUESTS_PATH`, the user's folder and those
    installed with the package."""
    from foi_ingest.packs import available, load_pack, project_request

    active = os.environ.get("FOI_REQUEST") or project_request()
    for pack_id, folder in available().items():
        pack = load_pack(pack_id)
        mark = " (used by default here)" if active in (pack_id, str(folder)) else ""
        line = f"[bold]{pack_id}[/bold]{mark}: {pack.title} (sent to: {pack.body_kind})"
        console.print(line, soft_wrap=True)
        console.print(f"  {folder}", soft_wrap=True, highlight=False)


@app.command("check-request")
def check_request(
    pack: Annotated[str, typer.Argument(help="A pack's folder, or the id of a pack found.")],
) -> None:
    """Check a request pack as a whole: every key, every file, every reference between them.
    Exit 0 when it can be used; else one line per problem (file:line: key: what to fix), exit 1."""
    from foi_ingest.errors import UserError
    from foi_ingest.packs import available
    from foi_ingest.packs.lint import check

    root = Path(pack) if Path(pack).is_dir() else available().get(pack)
    if root is None:
        known = ", ".join(sorted(available())) or "none"
        raise UserError(f"no request pack '{pack}' (known: {known}; or give a pack's folder)")
    checked = check(root)
    for problem in checked.problems:
        console.print(escape(str(problem)), highlight=False, soft_wrap=True)
    if checked.problems:
        console.print(f"[red]{len(checked.problems)} problem(s)[/red] in {root}")
        raise typer.Exit(1)
    console.print(f"{root}: the pack is valid ({len(checked.spec.schema_.fields)} fields)")


@app.command("new-request")
def new_request(
    request_id: Annotated[str, typer.Argument(help="The new request's id: words joined by '-'.")],
    folder: Annotated[
        Path | None, typer.Option(help="Where to write the pack (default: the current folder).")
    ] = None,
    title: Annotated[str | None, typer.Option(help="One line a reader understands.")] = None,
) -> None:
    """Write a commented request pack to fill in (request.yaml, columns, a vocabulary, letters)."""
    from foi_ingest.errors import ConfigError
    from foi_ingest.packs.registry import new_pack

    try:
        root = new_pack(request_id, folder, title)
    except ConfigError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    from foi_ingest.packs.registry import user_folder

    console.print(
        f"Wrote {root}: fill in request.yaml, check it with `foi check-request {root}`, then "
        f"`foi ingest INBOX --request {root}` (or move the folder into {user_folder()} or a "
        "folder of $FOI_REQUESTS_PATH to name it by its id)",
        soft_wrap=True,
        highlight=False,
    )
