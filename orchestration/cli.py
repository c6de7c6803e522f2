"""`regiomonitor`: the command that fronts the Dagster definitions (cli.md). Every command that
builds data runs the same Dagster job that `dagster dev` shows."""
from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from pathlib import Path

import click

from deployment.home import Home, SecretMissing

HOME_OPTION = click.option("--home", "home_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                           help="Home folder of the deployment (default: $REGIOMONITOR_HOME, else ./regiomonitor-home).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main():
    """regiomonitor: the teacher-pipeline data platform of the Dutch education regions.

    Senders drop files in HOME/inbox/<feed>/; `run` ingests, builds the marts, checks and publishes
    HOME/published.duckdb; `dashboard` shows it.
    """


@main.command()
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Inbox folder to write the deliveries into (feed folders are created).")
@click.option("--scale", type=click.Choice(["demo", "region", "national"]), default="demo", show_default=True,
              help="demo: one region; region: about three; national: about 50 regions and thousands of files.")
@click.option("--seed", type=int, default=1, show_default=True, help="The same seed writes the same bytes.")
@click.option("--faults", is_flag=True, help="Plant bad rows and bad files, as real senders sometimes deliver.")
def generate(out_dir: Path, scale: str, seed: int, faults: bool):
    """Write a synthetic, contract-conforming set of deliveries (reference feeds included)."""
    from sources.generator import generate as write_world
    started = time.monotonic()
    summary = write_world(out_dir, scale=scale, seed=seed, faults=faults, progress=_progress)
    rows = sum(summary["rows"].values())
    click.echo(f"wrote {summary['files']} files with {rows:,} rows to {out_dir} "
               f"(scale {scale}, seed {seed}{', with faults' if faults else ''}) in {time.monotonic() - started:.1f} s")
    if faults:
        click.echo(f"planted {summary.get('bad_rows', 0)} bad rows and {summary.get('bad_files', 0)} bad files")


@main.command()
@HOME_OPTION
@click.option("--verbose", is_flag=True, help="Show Dagster's own log lines too.")
def run(home_dir: Path | None, verbose: bool):
    """Ingest every new or changed file in the inbox, build the marts, check them and publish."""
    home = Home.resolve(home_dir)
    code = _run(home, verbose)
    # the run is over and its files are closed: skip the interpreter's teardown of the Dagster, dbt
    # and Great Expectations modules, which takes 1.5 s (BENCHMARKS.md)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _run(home: Home, verbose: bool = False) -> int:
    from orchestration.locking import RunInProgress
    from orchestration.pipeline import run_pipeline
    try:
        _, origin = home.secret()
    except SecretMissing as e:
        click.echo(f"error: {e}", err=True)
        return 2
    if home.is_demo and "demo" in origin:
        click.echo("note: this demo home uses the built-in demo secret; never put real data in it.")
    click.echo(f"regiomonitor run: home {home.root}")
    started = time.monotonic()
    try:
        outcome = run_pipeline(home, quiet=not verbose, progress=True)
    except RunInProgress as e:
        click.echo(f"error: {e}", err=True)
        return 3
    elapsed = time.monotonic() - started
    _print_summary(home, outcome, elapsed)
    if not outcome.success:           # the run-failure sensor tells them too when a daemon runs; once per run
        from orchestration.notify import notify_failure_once
        from deployment.settings import load_settings
        notify_failure_once(load_settings(home).notify, home.logs / "notified", outcome.run_id, outcome.failure,
                            outcome.blocking_failures)
    return 0 if outcome.success else 1


def _print_summary(home: Home, outcome, elapsed: float) -> None:
    ing = outcome.ingest
    if ing:
        click.echo(f"files: {ing.get('new_files', 0)} new ({ing.get('loaded', 0)} loaded, {ing.get('replaced', 0)} "
                   f"replaced, {ing.get('duplicate', 0)} duplicate, {ing.get('refused', 0)} refused)")
        per_feed = ing.get("summary") or {}
        loaded = sum(f.get("rows_loaded", 0) for f in per_feed.values())
        rejected = sum(f.get("rows_rejected", 0) for f in per_feed.values())
        click.echo(f"rows: {loaded:,} loaded, {rejected:,} rejected (see ops.rejected_rows)")
    click.echo(f"checks: {outcome.checks_passed} passed, {len(outcome.checks_failed)} failed"
               + (": " + ", ".join(outcome.checks_failed[:10]) if outcome.checks_failed else ""))
    for line in outcome.warnings:
        click.echo(f"warning: {line}")
    for line in outcome.blocking_failures:
        click.echo(f"blocking check failed: {line}", err=True)
    if outcome.success and not outcome.built:
        click.echo(f"nothing new: the published snapshot {home.published} is current ({elapsed:.1f} s)")
    elif outcome.success:
        click.echo(f"published: {home.published} ({outcome.published.get('published_at', '')}) in {elapsed:.1f} s")
    else:
        click.echo(f"FAILED: {outcome.failure or 'the run did not succeed'}", err=True)
        state = f"the previous snapshot stays in place: {home.published}" if home.published.exists() \
            else "nothing was published"
        click.echo(f"{state}; run id {outcome.run_id}", err=True)


@main.command()
@HOME_OPTION
def demo(home_dir: Path | None):
    """A newcomer's first command: generate demo data into the home's inbox, run, and show where to look."""
    from sources.generator import generate as write_world
    home = Home.resolve(home_dir)
    if home.root.exists() and any(home.root.iterdir()) and not home.is_demo:
        click.echo(f"error: {home.root} is an existing non-demo home; choose another folder with --home", err=True)
        sys.exit(2)
    home.mark_demo()
    home.create()
    summary = write_world(home.inbox, scale="demo", seed=1, faults=True, progress=_progress)
    click.echo(f"demo data: {summary['files']} files in {home.inbox}")
    code = _run(home)
    if code == 0:
        me = "regiomonitor" if shutil.which("regiomonitor") else sys.argv[0]     # as the user can type it
        dagster = Path(sys.executable).with_name("dagster")
        click.echo("\nNext:")
        click.echo(f"  dashboard:  {me} dashboard --home {home.root}")
        click.echo(f"  Dagster UI: DAGSTER_HOME={home.dagster_home} REGIOMONITOR_HOME={home.root} "
                   f"{dagster} dev -w {Path(__file__).with_name('workspace.yaml')}")
        click.echo(f"  status:     {me} status --home {home.root}")
    sys.exit(code)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--feed", default=None,
              help="The feed of the files (default: the name of the folder each file lies in, as in the inbox).")
@click.option("--sender", default=None, help="Your sender code: a file named for another sender is refused.")
@click.option("--lang", type=click.Choice(["nl", "en"]), default="nl", show_default=True,
              help="Language of the report.")
@click.option("--json", "as_json", is_flag=True, help="The results as JSON (reasons in English), for programs.")
@HOME_OPTION
def check(files: tuple[Path, ...], feed: str | None, sender: str | None, lang: str, as_json: bool,
          home_dir: Path | None):
    """Check files before delivering them, exactly as ingest will (names, file limits, types, the contract's
    rules, the sender's authority), without touching the warehouse or the inbox. Exit 0: every row would
    load; 1: rows would be rejected; 2: a file would be refused."""
    from orchestration.ingest.check import check_file
    from orchestration.senders.report import check_report
    from deployment.settings import load_settings
    home = Home.resolve(home_dir)
    limits = load_settings(home).ingest.limits
    results = [check_file(f, feed, sender, limits) for f in files]
    if as_json:
        import dataclasses
        import json
        click.echo(json.dumps([dataclasses.asdict(r) for r in results]))
    else:
        click.echo(check_report(results, lang))
    sys.exit(max(r.code for r in results))


@main.command()
@click.argument("feed")
@click.option("--out", "out_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The workbook to write, e.g. enrolments.xlsx.")
def template(feed: str, out_file: Path):
    """Write an XLSX workbook to fill in for FEED: Dutch column headers, drop-down lists for fixed values,
    input rules for whole numbers, numbers and dates, and an instructions sheet with an example row."""
    from sources.senders.template import NoTemplate, template_bytes
    try:
        data = template_bytes(feed)
    except NoTemplate as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(2)
    out_file.write_bytes(data)
    click.echo(f"wrote {out_file}: fill in the sheet 'aanlevering', save it as <sender>_<year>.xlsx and check it "
               f"with `regiomonitor check FILE --feed {feed}`")


@main.command()
@HOME_OPTION
def status(home_dir: Path | None):
    """What was delivered when, what was rejected, what failed, how fresh each mart is."""
    from orchestration.status import report
    home = Home.resolve(home_dir)
    click.echo(report(home))


@main.command()
@HOME_OPTION
@click.option("--port", type=int, default=8501, show_default=True, help="Port of the Streamlit server.")
@click.option("--address", default="127.0.0.1", show_default=True,
              help="Address to listen on; only this machine by default. 0.0.0.0 serves every network interface.")
@click.option("--dev", is_flag=True, help="Development: show error details (tracebacks, server paths) in the browser.")
def dashboard(home_dir: Path | None, port: int, address: str, dev: bool):
    """Start the Streamlit dashboards on the home's published snapshot."""
    home = Home.resolve(home_dir)
    app = Path(__file__).resolve().parents[1] / "dashboards" / "app.py"
    env = dict(os.environ, REGIOMONITOR_HOME=str(home.root))
    host = f"[{address}]" if ":" in address else address
    everywhere = address in ("0.0.0.0", "::", "")
    click.echo(f"dashboard on http://{host}:{port}" + (" (every network interface)" if everywhere else "")
               + f" (snapshot {home.published})")
    if home.is_demo and not _is_loopback(address):
        click.echo("warning: a demo home shows every region to anyone who can reach this address", err=True)
    # exec, so that stopping this command (SIGTERM) stops the Streamlit server too
    os.execvpe(sys.executable, [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
                                "--server.address", address, "--server.headless", "true",
                                "--client.showErrorDetails", "full" if dev else "none",
                                "--browser.gatherUsageStats", "false"], env)


@main.command()
@HOME_OPTION
@click.option("--scope", "subject", metavar="CODE", default=None,
              help="The region_code or partnership_code whose report to write (its own viewers' view).")
@click.option("--all", "every", is_flag=True, help="One report per region and partnership of the snapshot.")
@click.option("--year", type=int, required=True, help="The year: cohort, academic year and exam year.")
@click.option("--lang", "language", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
@click.option("--out", "out", required=True, type=click.Path(path_type=Path),
              help="The PDF file (with --scope), or the folder for the reports (with --all).")
def report(home_dir: Path | None, subject: str | None, every: bool, year: int, language: str, out: Path):
    """Write the quality-cycle report (PDF) of a region or partnership for a year: the KPIs against
    target, region and country, the four themes, data quality and what suppression hid (docs/report.md)."""
    import streamlit.logger
    streamlit.logger.set_log_level("error")    # the pages' cache notes that it runs outside a Streamlit server
    from dashboards.pdf import scope as subjects
    from dashboards.pdf import write
    if bool(subject) == every:
        raise click.UsageError("give either --scope CODE or --all")
    home = Home.resolve(home_dir)
    key = subjects.label_key(home)
    try:
        if every:
            started = time.monotonic()

            def progress(i: int, n: int, w) -> None:
                click.echo(f"[{i:>{len(str(n))}}/{n}] {w.subject}: {w.path} ({w.pages} pages, {w.seconds:.2f} s)")

            done = write.write_all(home.published, key, year, language, out, progress)
            click.echo(f"{len(done)} reports in {out} in {time.monotonic() - started:.1f} s")
        else:
            data = write.pdf(home.published, key, subject, year, language)
            write.write(data, out)
            click.echo(f"{subject} {year}: {out} ({write.page_count(data)} pages)")
    except write.ReportError as e:
        click.echo(f"fout: {e.nl}\nerror: {e.en}", err=True)
        sys.exit(2)


def _is_loopback(address: str) -> bool:
    import ipaddress
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return address == "localhost"


def _progress(message: str) -> None:
    click.echo(f"  {message}", err=True)
