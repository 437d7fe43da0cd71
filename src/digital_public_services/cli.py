"""The ``dps`` command: validate data, run the notebooks, build the paper."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .datapackage import (
    load_table,
    package_descriptor,
    resource_names,
    resource_path,
    validate_package,
)
from .errors import DataError
from .paths import data_dir


def _resource_for(path: Path) -> str | None:
    """The resource whose shipped file is ``path``, if any."""
    target = path.resolve()
    for name in resource_names():
        if resource_path(name).resolve() == target:
            return name
    return None


def cmd_validate(args: argparse.Namespace) -> int:
    target = Path(args.path) if args.path else data_dir()
    if target.is_dir() or target.name == "datapackage.json":
        folder = target if target.is_dir() else target.parent
        counts = validate_package(folder)
        title = package_descriptor(folder).get("title", "data package")
        print(f"OK  {title}")
        for name, rows in counts.items():
            print(f"    {name:<26} {rows:>5} rows")
        return 0
    name = args.resource or _resource_for(target)
    if name is None:
        print(
            f"{target}: not a file of the data package; say which schema applies with "
            f"--resource NAME (one of: {', '.join(resource_names())})",
            file=sys.stderr,
        )
        return 2
    frame = load_table(name, target)
    print(f"OK  {target} against schema '{name}': {len(frame)} rows, {frame.shape[1]} columns")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dps", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="validate the data package or one data file")
    validate.add_argument("path", nargs="?", help="file or folder (default: data/)")
    validate.add_argument("--resource", help="schema to check a file against")
    validate.set_defaults(func=cmd_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except DataError as err:
        print(f"error: invalid input data\n{err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
