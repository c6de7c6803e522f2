"""One ingest pass over the inbox: every new or changed file is named, read, typed, validated and
pseudonymised, and the outcome is written in one transaction (a killed pass leaves no trace).
Files of one feed are validated together, so a national round of thousands of small files costs
one Pandera call per feed, not one per file."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb
import polars as pl

from orchestration.ingest import store
from orchestration.ingest.coerce import ROW, coerce, header_mapping, text_columns, text_frame
from orchestration.ingest.inbox import InboxFile, listing, load_hashes, seen_files, trusted_hash
from orchestration.ingest.safe_read import InboxReader, Read
from sources.files.naming import DeliveryName, Refused, parse_delivery_path
from orchestration.ingest.pseudonymise import pseudonymise
from sources.duo import READERS
from sources.files.readers import read_table
from deployment.settings import FileLimits
from validations.authority import SENDER
from validations.feeds import FEEDS, Feed
from validations.rows import validate_rows

FILE = "_file"


@dataclass
class Delivery:
    """One new file and what became of it (a row of ingest.deliveries)."""
    delivery_id: int
    file: InboxFile
    name: DeliveryName | None = None
    status: str = "loaded"
    rows_received: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    file_format: str = ""
    ignored_columns: list[str] = field(default_factory=list)
    message: str = ""
    replaces: int | None = None           # delivery of the same key this one takes the place of
    replaced_by: int | None = None
    duplicate_of: int | None = None
    text: dict | None = None               # the contract columns as text, while the file is processed
    row_numbers: list[int] = field(default_factory=list)
    broken: list[tuple[int, str]] = field(default_factory=list)
    refused_rows: list[int] = field(default_factory=list)

    @property
    def feed(self) -> str | None:
        parts = self.file.relative.parts
        return self.name.feed if self.name else (parts[0] if len(parts) > 1 else None)

    @property
    def file_name(self) -> str:
        return self.file.relative.name if self.name else str(self.file.relative)


@dataclass
class IngestResult:
    deliveries: list[Delivery]

    @property
    def changed(self) -> bool:
        return any(d.status in ("loaded", "replaced") for d in self.deliveries)

    def count(self, status: str) -> int:
        return sum(d.status == status for d in self.deliveries)

    def per_feed(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for d in self.deliveries:
            f = out[d.feed or "(inbox root)"]
            f["files"] += 1
            f[d.status] += 1
            for k in ("rows_received", "rows_loaded", "rows_rejected"):
                f[k] += getattr(d, k)
        return {k: dict(v) for k, v in out.items()}


def ingest_inbox(inbox: Path, warehouse: Path, secret: bytes, progress: Callable[[str], None] = lambda s: None,
                 now: dt.datetime | None = None, limits: FileLimits | None = None,
                 quick_check: Path | None = None) -> IngestResult:
    """Every file is read once (orchestration.ingest.safe_read) and hashed and parsed from those
    bytes; one whose (path, hash) the warehouse has seen is dropped unparsed. With `quick_check`
    (inbox.scan's records), a seen file the quick check trusts is not read at all."""
    now = now or dt.datetime.now().replace(microsecond=0)
    limits = limits or FileLimits()
    inbox.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse))
    try:
        store.ensure_tables(con)
        seen = seen_files(con)
        files = listing(inbox)
        progress(f"inbox: {len(files)} file(s)")
        known = load_hashes(quick_check)
        files = [f for f in files if (str(f.relative), trusted_hash(f, known)) not in seen]
        active = store.active_deliveries(con)
        next_id = store.next_delivery_id(con)
        deliveries, batches = [], {}
        # one feed folder at a time: its files' text is dropped once typed, which bounds memory by
        # the largest feed rather than the whole round
        for folder, folder_files in _by_folder(files).items():
            with InboxReader(inbox) as reader:
                read = _read_files(reader, folder_files, seen, active, next_id, limits, progress)
            next_id += len(read)
            deliveries += read
            for feed_name, group in _by_feed(read).items():
                batches[feed_name] = (group, *process_feed(FEEDS[feed_name], group, secret))
                progress(f"validated {feed_name}: {sum(d.rows_loaded for d in group)} rows loaded, "
                         f"{sum(d.rows_rejected for d in group)} rejected")
            for d in read:
                d.text = None
        progress(f"inbox: {len(deliveries)} new or changed file(s)")
        _settle_duplicates(deliveries, store.delivery_counts(con))
        _write(con, deliveries, batches, now)
    finally:
        con.close()
    return IngestResult(deliveries)


def _by_folder(files: list[InboxFile]) -> dict[str, list[InboxFile]]:
    """New files per top-level folder, each list in arrival order (the order decides replacement)."""
    out: dict[str, list[InboxFile]] = defaultdict(list)
    for f in files:
        out[_folder(f)].append(f)
    return dict(sorted(out.items()))


def _folder(f: InboxFile) -> str:
    """The feed folder a file lies in ("" for a file at the inbox root)."""
    return f.relative.parts[0] if len(f.relative.parts) > 1 else ""


def _read_files(reader: InboxReader, files: list[InboxFile], seen, active, next_id: int, limits: FileLimits,
                progress) -> list[Delivery]:
    """Read every file once, keep the new or changed ones, and name and parse them from the bytes
    read, deciding replacement and duplicates in arrival order."""
    current = dict(active)                      # key -> (delivery_id, sha256, file_name) in force
    by_id: dict[int, Delivery] = {}
    out = []
    for i, listed in enumerate(files):
        if i and i % 1000 == 0:
            progress(f"read {i}/{len(files)} {_folder(listed) or 'inbox'} files")
        f, got = listed.read(reader, limits)
        if (str(f.relative), f.sha256) in seen:
            continue
        d = Delivery(delivery_id=next_id + len(out), file=f)
        out.append(d)
        by_id[d.delivery_id] = d
        open_delivery(d, got, current, limits)
        if d.status in ("refused", "duplicate"):
            continue
        if d.replaces in by_id:                 # replaced by a later file of this same pass
            by_id[d.replaces].status, by_id[d.replaces].replaced_by = "replaced", d.delivery_id
        current[d.name.key] = (d.delivery_id, f.sha256, d.file_name)
    return out


def open_delivery(d: Delivery, got: Read, current: dict, limits: FileLimits) -> None:
    """Name a file and parse it from the bytes read, or refuse it with the reason (`regiomonitor
    check` runs this too). `current`: delivery key -> the delivery in force."""
    try:
        if got.refused:
            raise Refused(got.refused)
        d.name = parse_delivery_path(d.file.relative)
        if got.too_large:
            raise Refused(got.too_large)
        _read_one(d, got.data, current.get(d.name.key), limits)
    except Refused as e:
        d.status, d.message, d.text = "refused", str(e), None
        d.rows_rejected = d.rows_received


def _read_one(d: Delivery, data: bytes, prior, limits: FileLimits) -> None:
    """Parse a named file's bytes into d.text, or mark it a duplicate of the delivery in force."""
    if prior and prior[1] == d.file.sha256:
        d.status, d.duplicate_of = "duplicate", prior[0]
        d.message = f"same bytes as {prior[2]} (delivery {prior[0]}), which is in force; nothing to do"
        return
    feed = FEEDS[d.name.feed]
    table = read_table(data, d.name.file_format, READERS[feed.name] if feed.own_layout else None, limits)
    d.file_format, d.rows_received = table.description, table.rows_received
    try:
        positions, d.ignored_columns, dutch = header_mapping(feed, table)
    except Refused:
        d.refused_rows = sorted(table.row_numbers + [n for n, _ in table.broken])
        raise
    d.text, d.row_numbers, d.broken = text_columns(feed, table, positions), table.row_numbers, table.broken
    notes = []
    if dutch:
        notes.append("Dutch column names recognised: " + ", ".join(dutch))
    if d.ignored_columns:
        notes.append("ignored columns not in the contract: " + ", ".join(d.ignored_columns))
    if prior:
        d.replaces = prior[0]
        notes.append(f"replaces {prior[2]} (delivery {prior[0]})")
    d.message = "; ".join(notes)


def _by_feed(deliveries: list[Delivery]) -> dict[str, list[Delivery]]:
    out = defaultdict(list)
    for d in deliveries:
        if d.text is not None:
            out[d.name.feed].append(d)
    return out


def process_feed(feed: Feed, group: list[Delivery], secret: bytes) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Loaded rows (typed, pseudonymised) and rejections (file index, row number, reason) of all new
    files of one feed; sets each delivery's row counts."""
    text = text_frame(feed, [(d.text, d.row_numbers) for d in group], FILE)
    typed, parse_failures = coerce(feed, text)
    senders = pl.Series(SENDER, [d.name.sender for d in group], dtype=pl.Utf8)
    typed = typed.with_columns(text.get_column(FILE), senders.gather(text.get_column(FILE)))
    failures = pl.concat([parse_failures, validate_rows(feed, typed)])
    typed = pseudonymise(typed, [c.name for c in feed.columns if c.pseudonymise], secret)
    typed = typed.with_row_index("position").with_columns(pl.col("position").cast(pl.Int64))
    if feed.key:
        first = pl.col(ROW).first().over([FILE, *feed.key])
        dups = (typed.join(failures.select("position").unique(), on="position", how="anti")
                .with_columns(first.alias("_first"))
                .filter(pl.col(ROW) != pl.col("_first"))
                .select("position", pl.format(f"duplicate key ({', '.join(feed.key)}): first given in row {{}}",
                                              "_first").alias("reason")))
        failures = pl.concat([failures, dups])
    reasons = failures.group_by("position").agg(pl.col("reason").unique(maintain_order=True).str.join("; "))
    rejected = typed.select("position", FILE, ROW).join(reasons, on="position").drop("position")
    loaded = typed.join(reasons, on="position", how="anti").drop("position")
    broken = pl.DataFrame([(i, n, r) for i, d in enumerate(group) for n, r in d.broken],
                          schema={FILE: pl.Int32, ROW: pl.Int64, "reason": pl.Utf8}, orient="row")
    rejected = pl.concat([rejected, broken])
    loaded_n = dict(loaded.group_by(FILE).len().iter_rows())
    rejected_n = dict(rejected.group_by(FILE).len().iter_rows())
    for i, d in enumerate(group):
        d.rows_loaded, d.rows_rejected = loaded_n.get(i, 0), rejected_n.get(i, 0)
    return loaded, rejected


def _settle_duplicates(deliveries: list[Delivery], earlier: dict[int, tuple[int, int, int]]) -> None:
    """A duplicate repeats the row figures of the delivery it duplicates, whose rows are in force."""
    now = {d.delivery_id: (d.rows_received, d.rows_loaded, d.rows_rejected) for d in deliveries}
    for d in deliveries:
        if d.status == "duplicate":
            d.rows_received, d.rows_loaded, d.rows_rejected = now.get(d.duplicate_of) or earlier[d.duplicate_of]


def _append(con, table: str, frame: pl.DataFrame) -> None:
    """Insert a frame's rows into a warehouse table (registered by name, not found by DuckDB's scan
    of the caller's variables)."""
    con.register("_frame", frame)
    try:
        con.execute(f"insert into {table} select * from _frame")
    finally:
        con.unregister("_frame")


def _write(con, deliveries: list[Delivery], batches, now: dt.datetime) -> None:
    con.execute("begin transaction")
    try:
        ids = {d.delivery_id for d in deliveries}
        for d in deliveries:
            if d.replaces is not None and d.replaces not in ids:
                con.execute("update ingest.deliveries set status = 'replaced', replaced_by = ? where delivery_id = ?",
                            [d.delivery_id, d.replaces])
                con.execute(f"delete from {store.raw_table(FEEDS[d.name.feed])} where _delivery_id = ?", [d.replaces])
        rows = [(d.delivery_id, d.feed, d.name.sender if d.name else None, d.name.academic_year if d.name else None,
                 d.name.key if d.name else None, d.file_name, str(d.file.relative), d.file.sha256, d.file.size,
                 d.status, d.rows_received, d.rows_loaded, d.rows_rejected, now,
                 dt.datetime.fromtimestamp(d.file.mtime_ns / 1e9), d.file_format or None, ", ".join(d.ignored_columns) or None, d.message or None, d.replaced_by)
                for d in deliveries]
        if rows:
            _append(con, "ingest.deliveries", pl.DataFrame(rows, schema=store.DELIVERY_SCHEMA, orient="row"))
        for feed_name, (group, loaded, rejected) in batches.items():
            lineage = pl.DataFrame({FILE: range(len(group)), "_delivery_id": [d.delivery_id for d in group],
                                    "_file_name": [d.file_name for d in group],
                                    "_file_sha256": [d.file.sha256 for d in group],
                                    "_in_force": [d.status == "loaded" for d in group]},
                                   schema={FILE: pl.Int32, "_delivery_id": pl.Int64, "_file_name": pl.Utf8,
                                           "_file_sha256": pl.Utf8, "_in_force": pl.Boolean})
            _append(con, store.raw_table(FEEDS[feed_name]),
                    loaded.join(lineage, on=FILE).filter("_in_force")
                    .select(*FEEDS[feed_name].column_names, "_delivery_id", "_file_name",
                            pl.col(ROW).alias("_row_number"), "_file_sha256", pl.lit(now).alias("_loaded_at")))
            _append(con, "ingest.rejections", rejected.join(lineage, on=FILE)
                    .select("_delivery_id", pl.lit(feed_name).alias("feed"), "_file_name", ROW, "reason"))
        refused = [(d.delivery_id, d.feed, d.file_name, n, f"file refused: {d.message}")
                   for d in deliveries if d.status == "refused" for n in d.refused_rows]
        if refused:
            _append(con, "ingest.rejections", pl.DataFrame(refused, schema=store.REJECTION_SCHEMA, orient="row"))
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
