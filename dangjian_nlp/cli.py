"""Command line: a thin mirror of the library (`dangjian extract …`, `dangjian tables …`)."""
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
@click.option("-o", "--output", default=None,
              help="Output file ('-' = standard output); a .duckdb file is a resumable store. "
                   "Default: results.duckdb for a folder, archive or table, else standard output.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Output format (default: from the file's suffix, else jsonl).")
@click.option("-w", "--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores; 1 = in this process).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
              help="Where workers run: a local process pool, or a Dask cluster.")
@click.option("--scheduler", default=None,
              help="Dask scheduler address (default with --engine dask: a LocalCluster).")
@click.option("--commit-every", type=click.IntRange(min=1), default=64, show_default=True,
              help="Documents per store transaction (a killed run redoes at most these).")
@click.option("--max-doc-mb", type=click.FloatRange(min=0.01), default=None,
              help="Documents larger than this many MB become error records (default 1).")
@click.option("--timeout", type=click.FloatRange(min=0), default=300, show_default=True,
              help="Seconds one document may take before it becomes an error record (0 = none).")
@click.option("--retry-errors", is_flag=True,
              help="With a .duckdb output: process again the documents stored with an error.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def extract(paths, output, fmt, workers, engine, scheduler, commit_every, max_doc_mb, timeout,
            retry_errors, quiet):
    """Write one record per document found under PATHS: files, folders (recursively),
    .zip/.tar(.gz) archives, JSONL/CSV tables and HTML pages.

    With a .duckdb output, a second run over the same input skips every document already
    stored, and a run killed half-way resumes where it stopped.

    Exit code 0 when every document was processed, 1 when any record carries an error.
    """
    import dataclasses

    from .corpus import DEFAULT_LIMITS, read
    from .parallel import Stats, run
    from .store import Store, is_store_path, write_jsonl, write_table

    if output is None:
        output = _default_output(paths, fmt)
    if fmt is None:
        suffix = output.rsplit(".", 1)[-1].lower() if "." in output else ""
        fmt = "duckdb" if is_store_path(output) else suffix if suffix in FORMATS else "jsonl"
    if fmt != "jsonl" and output == "-":
        raise click.UsageError(f"--format {fmt} needs an output file (-o)")
    limits = DEFAULT_LIMITS
    if max_doc_mb:
        limits = dataclasses.replace(limits, doc_bytes=int(max_doc_mb * 2**20))
    items = read(list(paths), limits=limits, defer_html=True)  # pages are read in the workers
    stats = Stats()
    opts = dict(workers=workers, engine=engine, scheduler=scheduler, stats=stats, progress=not quiet,
                timeout=timeout or None)

    if fmt == "duckdb":
        try:
            store = Store(output, commit_every=commit_every)
        except Exception as e:  # e.g. another run holds the file's lock
            raise click.ClickException(f"cannot open store {output}: {e}")
        seen_bad = 0
        if retry_errors:
            store.forget(store.error_keys)

        def skip(item) -> bool:
            nonlocal seen_bad
            key = item.key
            item.meta["key"] = key
            if key in store:
                seen_bad += key in store.error_keys
                return True
            return False

        with store:
            try:
                for item, rec in run(items, skip=skip, **opts):
                    store.add(item.meta["key"], rec)
            except RuntimeError as e:  # the workers keep dying: what is stored stays
                raise click.ClickException(str(e))
        bad = stats.errors + seen_bad
        if not quiet:
            click.echo(f"{stats.docs} document(s) added, {stats.skipped} already stored; "
                       f"{len(store)} in {output}", err=True)
    else:
        records = (rec for _, rec in run(items, **opts))
        if fmt == "jsonl":
            if output == "-":
                bad = write_jsonl(records, sys.stdout)
            else:
                with open(output, "w", encoding="utf-8") as fh:
                    bad = write_jsonl(records, fh)
        else:
            bad = write_table(records, output, fmt)
    if bad:
        click.echo(f"{bad} document(s) could not be processed; see their 'error' field", err=True)
        sys.exit(1)


@cli.command()
@click.argument("store", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", default=None,
              help="Folder for the tables (csv/parquet), or file for jsonl ('-' = stdout).")
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv", "jsonl"]), default="parquet",
              show_default=True)
def tables(store, output, fmt):
    """Export a .duckdb store: one file per table (documents, slogans, figures, practices,
    errors), or its records as JSONL. Without -o, print how many rows each table has."""
    import duckdb

    from .store import TABLES, export_store, iter_store, write_jsonl

    if fmt == "jsonl" and output is not None:
        if output == "-":
            write_jsonl(iter_store(store), sys.stdout)
        else:
            with open(output, "w", encoding="utf-8") as fh:
                write_jsonl(iter_store(store), fh)
        return
    if output is None:
        con = duckdb.connect(store, read_only=True)
        try:
            for t in TABLES:
                click.echo(f"{t}\t{con.execute(f'SELECT count(*) FROM {t}').fetchone()[0]}")
        finally:
            con.close()
        return
    for t, n in export_store(store, output, fmt).items():
        click.echo(f"{t}\t{n}")


BULK_SUFFIXES = (".zip", ".tar", ".tgz", ".tar.gz", ".tar.bz2", ".tar.xz", ".jsonl", ".json",
                 ".csv", ".tsv")
DEFAULT_STORE = "results.duckdb"


def _default_output(paths, fmt) -> str:
    """A bulk run (a folder, an archive or a table) writes the resumable store by default;
    single files, or an explicit --format jsonl, go to standard output."""
    import os

    bulk = any(os.path.isdir(p) or str(p).lower().endswith(BULK_SUFFIXES) for p in paths)
    if fmt in (None, "duckdb") and bulk:
        click.echo(f"writing {DEFAULT_STORE} (use -o to choose another file or format)", err=True)
        return DEFAULT_STORE
    return "-"


def main():
    cli()


if __name__ == "__main__":
    main()
