"""Command line: a thin mirror of the library (`dangjian extract …`)."""
from __future__ import annotations

import sys

import click

from .store import FORMATS


@click.group()
@click.version_option(package_name="dangjian_nlp")
def cli():
    """Extract slogans, figures, regions and practices from party-building reports."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-o", "--output", default="-", help="Output file ('-' = standard output).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format (default: from the file's suffix, else jsonl).")
def extract(paths, output, fmt):
    """Write one record per document found under PATHS (files, folders read recursively).

    Exit code 0 when every document was processed, 1 when any record carries an error.
    """
    from .pipeline import extract_many
    from .store import write_jsonl, write_table

    if fmt is None:
        suffix = output.rsplit(".", 1)[-1].lower() if "." in output else ""
        fmt = suffix if suffix in FORMATS else "jsonl"
    records = extract_many(list(paths))
    if fmt == "jsonl":
        if output == "-":
            bad = write_jsonl(records, sys.stdout)
        else:
            with open(output, "w", encoding="utf-8") as fh:
                bad = write_jsonl(records, fh)
    else:
        if output == "-":
            raise click.UsageError(f"--format {fmt} needs an output file (-o)")
        bad = write_table(records, output, fmt)
    if bad:
        click.echo(f"{bad} document(s) could not be processed; see their 'error' field", err=True)
        sys.exit(1)


def main():
    cli()


if __name__ == "__main__":
    main()
