"""The ``dps`` command: validate data, run the notebooks, build the paper."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from . import __version__
from .build import run_request
from .build.runner import Interrupted
from .errors import DataError
from .inputs import checked_tables, jsonschema_import
from .paper.quarto_views import NotRunByQuarto
from .paths import build_dir, data_dir, project_root

RUN_ARGS_ENV = run_request.RUN_ARGS_ENV
DEFAULT_PARAMS = "params/default.yml"


def _resource_for(path: Path) -> str | None:
    """The resource whose shipped file is ``path``, if any."""
    from .inputs.datapackage import resource_names, resource_path

    target = path.resolve()
    for name in resource_names():
        if resource_path(name).resolve() == target:
            return name
    return None


def _print_package_summary(folder: Path) -> None:
    from .inputs.datapackage import package_descriptor, validate_package

    counts = validate_package(folder)
    title = package_descriptor(folder).get("title", "data package")
    print(f"OK  {title}")
    for name, rows in counts.items():
        print(f"    {name:<26} {rows:>5} rows")


def cmd_validate(args: argparse.Namespace) -> int:
    from .inputs.datapackage import load_table, package_descriptor

    target = Path(args.path) if args.path else data_dir()
    if target.is_dir() or target.name == "datapackage.json":
        _print_package_summary(target if target.is_dir() else target.parent)
        return 0
    tables = [r["name"] for r in package_descriptor()["resources"] if "schema" in r]
    name = args.resource or _resource_for(target)
    if name not in tables:
        why = ("not a file of the data package" if name is None
               else f"'{name}' is not a table of the data package")
        print(
            f"{target}: {why}; say which schema applies with "
            f"--resource NAME (one of: {', '.join(tables)})",
            file=sys.stderr,
        )
        return 2
    if name == "survey_results" and _resource_for(target) is None:
        from .survey.io import read_survey  # every survey format: French CSV, xlsx, .sav, …

        frame = read_survey(target)
    else:
        frame = load_table(name, target)
    print(f"OK  {target} against schema '{name}': {len(frame)} rows, {frame.shape[1]} columns")
    return 0


def _overrides(args: argparse.Namespace, root: Path | None = None) -> dict[str, object]:
    """``--set`` and ``--survey``; a survey inside the project is named relative to it, as the
    parameters file names it, so both routes hit the same cache entries."""
    from .build.cache import relative
    from .build.params import parse_assignment

    found = dict(parse_assignment(text) for text in args.set or [])
    if args.survey:
        found["survey"] = relative(Path(args.survey), root or project_root())
    return found


def _profile(args: argparse.Namespace) -> str:
    """``--profile``, else the profile Quarto is rendering (``QUARTO_PROFILE``)."""
    profile = getattr(args, "profile", None)
    return os.environ.get("QUARTO_PROFILE", "") if profile is None else profile


def _note_request(args: argparse.Namespace, root: Path, jobs) -> None:
    """Outside Quarto, record what was asked; in Quarto's pre-render step, say in one line
    when it renders other inputs than the last ``dps run``/``dps paper`` asked."""
    from .build import run_request

    table = {job.stem: {k: v for k, v in job.parameters.items() if k != "output_dir"}
             for job in jobs}
    build = build_dir(root)
    if run_request.under_quarto(os.environ):
        line = run_request.mismatch_line(run_request.load(build), table)
        if line:
            print(line, file=sys.stderr)
    else:
        run_request.save(build, f"dps {args.command}", pre_render_arguments(args), table)


def _check_inputs(root: Path, jobs) -> None:
    """Refuse bad input before any notebook starts: the data package and survey files."""
    from .inputs.datapackage import validate_package
    from .survey.io import read_survey

    validate_package(root / "data")
    for path in sorted({job.parameters["survey"] for job in jobs if "survey" in job.parameters}):
        _warn_unworded(root / path, read_survey(root / path))
    checked_tables.write(_checked_tables_file(root))


def _checked_tables_file(root: Path) -> Path:
    """Where a run lists the tables it checked, for its kernels (see ``checked_tables``)."""
    return build_dir(root) / ".staging" / "checked-tables.json"


def _warn_unworded(path: Path, results) -> None:
    """Questions and items with no wording anywhere are shown by their identifier: say so,
    with the fix."""
    from .survey import wording as survey_wording

    names = survey_wording.unworded(path, results)
    if names:
        print(f"warning: {survey_wording.missing_message(path, names)}", file=sys.stderr)


def plan_run(args: argparse.Namespace, root: Path) -> list:
    """The run's jobs, every parameter value within its declared type and domain
    (``params/schema.json``): refused here, before any kernel and before the slower imports."""
    from .build import runner
    from .build.params import validate

    jobs = runner.plan(root, root / args.params, _overrides(args, root), args.only,
                       _profile(args))
    validate(root, {job.stem: job.parameters for job in jobs})
    return jobs


def run_notebooks(args: argparse.Namespace, root: Path) -> bool:
    """Run what is stale; print a summary; return True when every notebook succeeded."""
    jobs = plan_run(args, root)
    _note_request(args, root, jobs)
    from .build import runner
    from .build.cache import relative
    from .build.progress import Progress

    build = build_dir(root)

    def check_inputs(why: dict[str, list[str]]) -> None:
        _check_inputs(root, [job for job in jobs if why[job.stem]])
        _print_reasons(why)

    with Progress([job.stem for job in jobs]) as progress, \
            checked_tables.shared_with_kernels(_checked_tables_file(root)):
        outcomes = runner.run(
            jobs, root, workers=args.workers, force=args.force, listener=progress,
            before=check_inputs, after=lambda done: _build_products(args, root, done),
            on_wait=lambda owner: progress.console.print(
                _waiting_note(owner, "checking what is up to date"), highlight=False,
                soft_wrap=True))
    executed = sum(o.status == "executed" for o in outcomes)
    cached = sum(o.status == "cached" for o in outcomes)
    failures = [o for o in outcomes if o.status == "failed"]
    print(f"{executed} executed, {cached} up to date, {len(failures)} failed "
          f"(build folder: {relative(build, root)})")
    for outcome in failures:
        print(f"error: {outcome.error}", file=sys.stderr)
    return not failures


def _waiting_note(owner: str, then: str) -> str:
    return (f"waiting for the `dps run` holding build/ (process {owner}) to finish, "
            f"then {then}")


def _build_products(args: argparse.Namespace, root: Path, outcomes: list) -> None:
    """What a run writes from the notebooks' outputs, under the build lock: the quoted
    values and appendices, and in Quarto's pre-render step the state the render plans on."""
    from .build import render_plan
    from .build.params import load_params
    from .paper import assemble

    build = build_dir(root)
    if any(o.status == "executed" for o in outcomes):
        assemble.clear_quarto_embed_cache(root)
    if all(o.status != "failed" for o in outcomes) or (build / "values.json").exists():
        every = list(load_params(root / args.params))  # --only must not drop the others' values
        assemble.assemble(root, build, every)
    if run_request.under_quarto(os.environ):
        render_plan.save(build)


def _print_reasons(why: dict[str, list[str]], shown: int = 3) -> None:
    """Why each stale notebook runs: the files and the reasons, a few per notebook (not
    for a notebook never built, nor for ``--force``)."""
    for stem, found in why.items():
        if not found or found[0].startswith("no cache entry") or found == ["--force"]:
            continue
        more = f" (and {len(found) - shown} more)" if len(found) > shown else ""
        print(f"  {stem}: runs again: {'; '.join(found[:shown])}{more}", file=sys.stderr)


def check_build(args: argparse.Namespace, root: Path) -> int:
    """``dps run --check``: verify the build against its cache entries; run nothing. The
    build is checked whole (``--only`` does not apply: the paper quotes every notebook)."""
    from .build import runner

    jobs = plan_run(argparse.Namespace(**{**vars(args), "only": None}), root)
    with runner.build_lock(build_dir(root), shared=True, on_wait=lambda owner: print(
            _waiting_note(owner, "checking the build"), file=sys.stderr)):
        problems = runner.check_build(root, jobs)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    if problems:
        print(f"build NOT verified: {len(problems)} problem(s), listed above; `dps run` "
              "re-runs the notebooks concerned", file=sys.stderr)
        return 1
    print(f"build verified: the {len(jobs)} notebook(s) are up to date, every output matches "
          "its cache entry, every quoted value comes from those runs")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    if args.check:
        return check_build(args, project_root())
    return 0 if run_notebooks(args, project_root()) else 1


def _report_manuscript(root: Path, *, with_claims: bool = True) -> int:
    from .paper.manuscript import check

    problems = check(root, with_claims=with_claims)
    for problem in problems:
        print(f"  manuscript: {problem}", file=sys.stderr)
    return len(problems)


def _warn_claims(root: Path) -> None:
    """Claims the data no longer support, while building: the draft marks them and the
    paper builds; ``dps check`` fails and ``dps release`` refuses until they are rewritten."""
    from .paper.manuscript import claim_problems

    for problem in claim_problems(root):
        print(f"warning: {problem} (marked « Affirmation non vérifiée » in the draft; "
              "`dps check` fails and `dps release` refuses until the sentence is rewritten "
              "or its condition holds)", file=sys.stderr)


def _warn_unworded_build(root: Path) -> None:
    """The build's questions and items shown by their identifier: a warning with the fix
    (the paper builds; ``dps release`` refuses it)."""
    from .paper import unworded

    for message in unworded.messages(root, build_dir(root)):
        print(f"warning: {message}", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    root = project_root()
    count = _report_manuscript(root)
    _warn_unworded_build(root)
    print("manuscript consistent" if not count else f"{count} manuscript problem(s)")
    return 1 if count else 0


def cmd_paper(args: argparse.Namespace) -> int:
    root = project_root()
    plan_run(args, root)  # bad parameters refused at once, not after the data package's check
    from .paper import preview, quarto

    print("[1/4] Validating the data package")
    _print_package_summary(root / "data")
    print("[2/4] Executing the notebooks (cached)")
    if not run_notebooks(args, root):
        return 1
    print("[3/4] Checking the manuscript (embeds, cross-references, citations, values)")
    count = _report_manuscript(root, with_claims=False)
    _warn_claims(root)
    print("      consistent" if not count else f"      {count} problem(s), listed above")
    print("[4/4] Rendering")
    build = build_dir(root)
    index = preview.write_preview(root, build)
    print(f"      HTML preview: {index.relative_to(root)}")
    path = quarto.find()
    if path is None and not args.no_quarto_install:
        print("      Quarto not found; trying `pip install quarto-cli` (optional step)")
        path, reason = quarto.try_install(build)
        if path is None:
            print(f"      Quarto could not be installed: {reason}")
    if path is None:
        print("      The full paper (HTML site and PDF) needs Quarto: install it with "
              "`conda install -c conda-forge quarto` or `pip install quarto-cli`, then "
              "run `quarto render`. The preview above has the same text, figures and tables.")
        return 1 if count else 0
    # The render runs the pre-render step with exactly this run's options and profile.
    status = quarto.render(path, root,
                           {RUN_ARGS_ENV: shlex.join(pre_render_arguments(args))},
                           profile=_profile(args))
    if status == 0:
        print("      Paper rendered with Quarto: _manuscript/report/index.html and PDF")
    return status or (1 if count else 0)


def _build_for_release(root: Path) -> list[str]:
    """The paper with the committed inputs and default parameters, and its check; an item
    shown by its identifier is a problem here, not a warning."""
    from .paper import unworded
    from .paper.manuscript import check

    defaults = build_parser().parse_args(["run", "--profile", ""])
    if not run_notebooks(defaults, root):
        return ["a notebook failed (see above)"]
    return [str(problem) for problem in check(root)] + unworded.messages(root, build_dir(root))


def _render_for_release(root: Path) -> Path:
    """The edition rendered in place with the default parameters (its snapshot written), as
    the site folder to keep."""
    from .paper import quarto
    from .paper.edition_store import EditionError

    path = quarto.find()
    if path is None:
        raise EditionError("no Quarto to render the edition (install it, or release with "
                           "--no-render and rebuild later with `dps editions build`)")
    if quarto.render(path, root, {RUN_ARGS_ENV: ""}):
        raise EditionError("`quarto render` failed (see above)")
    return root / "_manuscript"


def cmd_release(args: argparse.Namespace) -> int:
    from .build.params import load_params
    from .paper import assemble
    from .paper.release import ReleaseError, release

    root = project_root()
    try:
        edition = release(root, args.version, _build_for_release, date=args.date,
                          render=None if args.no_render else _render_for_release)
    except ReleaseError as err:
        print(f"error: release {args.version} refused: {err}", file=sys.stderr)
        return 1
    assemble.assemble(root, build_dir(root), list(load_params(root / "params/default.yml")))
    if edition.get("artefacts"):
        _editions_layout(root)  # the site now holds this edition too
    print(f"Released edition {edition['version']} of {edition['date']} "
          f"({len(edition['values'])} quoted values): report/editions/{args.version}.json, "
          f"CHANGELOG.md, commit and tag v{args.version}. Edit the drafted CHANGELOG "
          "section if need be (then `git commit --amend` and `git tag -f -a "
          f"v{args.version}` before pushing), and push with `git push --follow-tags`.")
    return 0


def _site_output(root: Path) -> Path:
    """Quarto's output folder in a post-render step, else the project's ``_manuscript``."""
    folder = os.environ.get("QUARTO_PROJECT_OUTPUT_DIR")
    return root / folder if folder else root / "_manuscript"


def _editions_layout(root: Path) -> int:
    from .paper import citation, edition_site
    from .paper.manuscript import quarto_values, split_front_matter

    out = _site_output(root)
    if not (out / "report" / "index.html").is_file():
        print(f"error: no rendered paper in {out}: run `quarto render` first (the layout is "
              "its post-render step)", file=sys.stderr)
        return 1
    meta, _ = split_front_matter((root / "report" / "index.qmd").read_text(encoding="utf-8"))
    current = quarto_values(build_dir(root) / "values.yml").get("v.paper.label")
    cff = citation.read_cff(root / "CITATION.cff") if (root / "CITATION.cff").is_file() else {}
    missing = edition_site.layout(root, out, str(meta.get("title", "")), current, cff)
    laid = [version for version, why in missing.items() if not why]
    print(f"editions: {len(laid)} laid out in {(out / edition_site.OUT).relative_to(root)}/"
          f"{': ' + ', '.join(laid) if laid else ''}; list: "
          f"{(out / edition_site.OUT / edition_site.PAGE).relative_to(root)}")
    for version, why in missing.items():
        if why:
            print(f"warning: edition {version} listed without links: {why}", file=sys.stderr)
    return 0


def _editions_build(root: Path, args: argparse.Namespace) -> int:
    from .paper import edition_rebuild, edition_store, editions, quarto

    found = editions.load_editions(root / editions.EDITIONS_DIR)
    unknown = sorted(set(args.versions or []) - {e["version"] for e in found})
    if unknown:
        print(f"error: no edition {', '.join(unknown)} in {editions.EDITIONS_DIR}/",
              file=sys.stderr)
        return 1
    wanted = [e for e in found if not args.versions or e["version"] in args.versions]
    executable = quarto.find()
    status = 0
    for edition in wanted:
        manifest, _ = edition_store.load(root, edition)
        if manifest and not args.force:
            print(f"edition {edition['version']}: stored ({manifest['how']}), "
                  f"{len(manifest['files'])} files verified")
            continue
        if executable is None:
            print(f"error: edition {edition['version']} is not stored and rebuilding it "
                  "needs Quarto (see README, « Rendering with Quarto »)", file=sys.stderr)
            return 1
        try:
            manifest = edition_rebuild.rebuild(
                root, edition, executable, found,
                keep=Path(args.keep).resolve() / edition["version"] if args.keep else None)
        except edition_store.EditionError as err:
            print(f"error: {err}", file=sys.stderr)
            status = 1
            continue
        print(f"edition {edition['version']}: stored in "
              f"{edition_store.folder(root, edition['version']).relative_to(root)}/ "
              f"(PDF SHA-256 {manifest['files'][manifest['pdf']]})")
    return status


def cmd_editions(args: argparse.Namespace) -> int:
    root = project_root()
    if args.action == "layout":
        return _editions_layout(root)
    return _editions_build(root, args)


def cmd_views(args: argparse.Namespace) -> int:
    from .build import render_plan
    from .paper import quarto_views

    root = project_root()
    if args.action == "restore":
        stems = quarto_views.restore(root, os.environ)
        print(f"notebook views: {len(stems)} unchanged since the last render, reused"
              f"{': ' + ', '.join(stems) if stems else ''}")
        return 0
    quarto_views.output_dir(root, os.environ)  # only as Quarto's post-render step
    changed = render_plan.changes(build_dir(root), on_wait=lambda owner: print(
        _waiting_note(owner, "comparing the build with the one rendered"),
        file=sys.stderr)) or []
    # A view rendered from a notebook that changed since would be kept under the new key.
    stems = quarto_views.save(root, os.environ, skip=set(changed))
    print(f"notebook views: {len(stems)} saved for the next render")
    if changed:
        print(render_plan.changed_line(changed), file=sys.stderr)
        return 1
    return 0


def cmd_import_qdpx(args: argparse.Namespace) -> int:
    from .coding import segments
    from .coding.qdpx import import_coding
    from .inputs.loaders import load_codebook

    source = Path(args.project)
    table, summary = import_coding(source, load_codebook(), mapping=args.mapping,
                                   study=args.study)
    unmapped = summary["unmapped_codes"]
    if unmapped and args.strict:
        print(f"error: {len(unmapped)} code(s) of {source} map to no codebook code: "
              f"{', '.join(unmapped[:10])}; give a --mapping FILE (columns qda_code, code)",
              file=sys.stderr)
        return 1
    out = segments.write(table, args.output or f"{source.stem}_segments.csv")
    print(f"OK  {source}: {summary['segments']} coded segments, {summary['excerpts']} "
          f"excerpts, {summary['documents']} documents, {summary['codes']} codes -> {out}")
    if unmapped:
        print(f"    {len(unmapped)} code(s) map to no codebook code (kept, empty 'code'): "
              f"{', '.join(unmapped[:10])}{' ...' if len(unmapped) > 10 else ''}")
    if summary.get("ignored_non_text_codings"):
        print(f"    {summary['ignored_non_text_codings']} coding(s) of non-text sources or of "
              "whole documents left out (only coded text selections are read)")
    return 0


def add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--params", default=DEFAULT_PARAMS,
                        help="parameters file (default: params/default.yml)")
    parser.add_argument("--profile", metavar="NAME",
                        help="parameter set params/NAME.yml over the parameters file "
                        "(default: $QUARTO_PROFILE, which `quarto render --profile NAME` sets; "
                        "`dps paper --profile NAME` renders with that Quarto profile)")
    parser.add_argument("--survey", help="survey file to use instead of the shipped one "
                        "(tidy CSV, French CSV, .xlsx, respondent-level CSV or .sav)")
    parser.add_argument("--set", action="append", metavar="NAME=VALUE",
                        help="override a notebook parameter (VALUE read as YAML)")
    parser.add_argument("--only", action="append", metavar="NOTEBOOK",
                        help="run only this notebook (repeatable), e.g. 03_survey")
    parser.add_argument("--force", action="store_true", help="ignore the cache")
    parser.add_argument("--workers", type=int, help="parallel kernels (default: cores)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dps", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="validate the data package or one data file")
    validate.add_argument("path", nargs="?", help="file or folder (default: data/)")
    validate.add_argument("--resource", help="schema to check a file against")
    validate.set_defaults(func=cmd_validate)

    run = sub.add_parser("run", help="execute the notebooks (cached, parallel) into build/")
    add_run_options(run)
    run.add_argument("--check", action="store_true",
                     help="verify the build without running anything (exit 1 and the list "
                     "of problems when an output is missing, altered or stale)")
    run.set_defaults(func=cmd_run)

    paper = sub.add_parser("paper", help="validate, run the notebooks and render the paper")
    add_run_options(paper)
    paper.add_argument("--no-quarto-install", action="store_true",
                       help="do not try to install Quarto when it is missing")
    paper.set_defaults(func=cmd_paper)

    check = sub.add_parser("check", help="check the manuscript against the executed notebooks")
    check.set_defaults(func=cmd_check)

    rel = sub.add_parser("release", help="publish an edition: snapshot of the quoted values, "
                         "CHANGELOG section, commit and tag vX.Y.Z")
    rel.add_argument("version", help="the edition's version X.Y.Z (the package's version)")
    rel.add_argument("--date", help="edition date YYYY-MM-DD (default: date of the commit)")
    rel.add_argument("--no-render", action="store_true",
                     help="keep no rendered artefacts (HTML, PDF, ZIP) with the edition; "
                     "`dps editions build` rebuilds them later from its commit")
    rel.set_defaults(func=cmd_release)

    eds = sub.add_parser("editions", help="rebuild the released editions that are not stored "
                         "(`build`), or lay them out beside the rendered paper with the "
                         "« Éditions » page (`layout`, Quarto's post-render step)")
    eds.add_argument("action", choices=["build", "layout"])
    eds.add_argument("versions", nargs="*", metavar="VERSION",
                     help="editions to build (default: every released edition)")
    eds.add_argument("--force", action="store_true",
                     help="rebuild even when the edition is stored")
    eds.add_argument("--keep", metavar="DIR",
                     help="rebuild in DIR/VERSION and leave the worktree there (inspection)")
    eds.set_defaults(func=cmd_editions)

    views = sub.add_parser("views", help="save Quarto's notebook views after a render, restore "
                           "the unchanged ones before the next (pre/post-render steps)")
    views.add_argument("action", choices=["save", "restore"])
    views.set_defaults(func=cmd_views)

    qdpx = sub.add_parser("import-qdpx", help="import a REFI-QDA project (.qdpx) or a CSV of "
                          "coded segments into the tidy excerpt table")
    qdpx.add_argument("project", help="PROJECT.qdpx, or a .csv export of coded segments")
    qdpx.add_argument("--mapping", help="CSV mapping project codes to the codebook "
                      "(columns qda_code, code)")
    qdpx.add_argument("-o", "--output", help="tidy CSV to write (default: "
                      "<PROJECT>_segments.csv)")
    qdpx.add_argument("--study", help="label of the study in the table (default: project name)")
    qdpx.add_argument("--strict", action="store_true",
                      help="fail when a project code maps to no codebook code")
    qdpx.set_defaults(func=cmd_import_qdpx)
    return parser


def pre_render_arguments(args: argparse.Namespace) -> list[str]:
    """The run options of ``dps paper``, handed to Quarto's pre-render ``dps run`` so that it
    finds the build just made instead of rebuilding with the defaults."""
    found = [] if args.params == DEFAULT_PARAMS else ["--params", args.params]
    if getattr(args, "profile", None):
        found += ["--profile", args.profile]
    if args.survey:
        found += ["--survey", str(Path(args.survey).resolve())]
    for assignment in args.set or []:
        found += ["--set", assignment]
    return found


def with_environment_run_args(argv: list[str]) -> list[str]:
    """``dps run`` options from ``DPS_RUN_ARGS`` (e.g. ``DPS_RUN_ARGS="--survey new.xlsx"
    quarto render``), before the command line's own, which win."""
    extra = os.environ.get(RUN_ARGS_ENV, "")
    if argv[:1] != ["run"] or not extra.strip():
        return argv
    return ["run", *shlex.split(extra), *argv[1:]]


def main(argv: list[str] | None = None) -> int:
    jsonschema_import.load()  # before nbformat, frictionless or the parameter check reach it
    argv = with_environment_run_args(sys.argv[1:] if argv is None else list(argv))
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as err:
        print(f"error: invalid input data\n{err}", file=sys.stderr)
        return 1
    except (FileNotFoundError, ValueError, NotRunByQuarto) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except Interrupted as err:
        print(f"\n{err}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:  # before any kernel started, or while assembling
        print("\ninterrupted while no notebook was running; run the command again to "
              "complete the build", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
