"""Operational settings of a home: thresholds of the ingest checks, expected delivery cadence per
feed, the inbox sensor's patience, the nightly schedule, and which quality gates block publishing.
Defaults live here; a home may override any of them in `<home>/regiomonitor.yaml`."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from deployment.home import Home

Severity = Literal["block", "warn"]
MiB = 2**20


class FileLimits(BaseModel):
    """What one delivered file may cost (checked in sources.files.limits and orchestration.ingest.safe_read).
    The defaults leave an order of magnitude above the largest files of a national round and of
    DUO's open data (docs/security.md#file)."""
    model_config = ConfigDict(extra="forbid")
    max_file_bytes: int = Field(64 * MiB, gt=0, description="largest file read, in bytes on disk")
    max_unpacked_bytes: int = Field(128 * MiB, gt=0,
                                    description="largest total an XLSX workbook's members may unpack to, in bytes")
    max_compression_ratio: float = Field(100, gt=1, description="largest unpacked/packed size ratio of an XLSX "
                                                                "member over 1 MiB (a zip bomb's is in the hundreds)")
    max_rows: int = Field(1_000_000, gt=0, description="most rows one file may hold")

    def exceeded(self, name: str, found: str) -> str:
        """The reason a file over a limit is refused: what was found and the setting that sets it."""
        limit = getattr(self, name)
        shown = f"{limit:,}" if isinstance(limit, int) else f"{limit:g}"
        return f"{found}: over the limit ingest.limits.{name} = {shown} (regiomonitor.yaml)"


class IngestSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rejection_rate_warn: float = Field(0.05, ge=0, le=1, description="warn when more rows than this share are rejected")
    freshness_days: dict[str, int] = Field(
        default_factory=lambda: {"enrolments": 400, "placements": 400, "capacity": 400, "costs": 400,
                                 "funding": 400, "vo_outflow": 400},
        description="warn when a sender's newest delivery of a feed is older than this many days")
    limits: FileLimits = Field(default_factory=FileLimits,
                               description="what one file may cost; a file over a limit is refused")


class SensorSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stable_seconds: int = Field(30, ge=0, description="a file must not have changed for this long")
    interval_seconds: int = Field(30, ge=5)


class ScheduleSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    cron: str = "0 2 * * *"
    timezone: str = "Europe/Amsterdam"


class GateSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    severity: dict[str, Severity] = Field(default_factory=lambda: {
        "suppression_consistent": "block", "row_count_band": "warn", "national_between_extremes": "block"})
    row_count_band: float = Field(0.5, ge=0, description="allowed relative change of a mart's row count")


class DuoSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    outflow_margin: float | None = Field(
        None, ge=0, description="ops.outflow_vs_duo flags a school whose delivered vo_outflow graduates lie further "
                                "than this fraction from DUO's exam results; unset: the dbt project's default "
                                "(vars.outflow_vs_duo_margin in dbt_project.yml)")

    def dbt_vars(self) -> dict:
        """The settings the dbt models read as vars."""
        return {} if self.outflow_margin is None else {"outflow_vs_duo_margin": self.outflow_margin}


class SmtpSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    host: str
    port: int = 587
    starttls: bool = Field(True, description="upgrade the connection with STARTTLS before logging in")
    sender: str = Field(description="the From address")
    username: str | None = Field(None, description="log in as this user (password from password_env)")
    password_env: str = Field("REGIOMONITOR_SMTP_PASSWORD", description="environment variable with the password")


class WebhookSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(description="every notification is POSTed here as JSON")
    token_env: str | None = Field(None, description="environment variable with a bearer token, if the hook needs one")


class NotifySettings(BaseModel):
    """Where notifications go (orchestration/notify.py): e-mail by SMTP, a webhook, or both."""
    model_config = ConfigDict(extra="forbid")
    smtp: SmtpSettings | None = None
    webhook: WebhookSettings | None = None
    data_engineers: list[str] = Field(default_factory=list, description="told of a failed run or a blocking gate")
    quality_owners: dict[str, list[str]] = Field(
        default_factory=dict, description="region or partnership code -> who is told of its KPIs going off target")


class SenderSettings(BaseModel):
    """A sender's contact and language: receipts and notices about its deliveries."""
    model_config = ConfigDict(extra="forbid")
    contact: list[str] = Field(default_factory=list, description="told when a delivery had rows rejected")
    language: Literal["nl", "en"] = "nl"


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    sensor: SensorSettings = Field(default_factory=SensorSettings)
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)
    gates: GateSettings = Field(default_factory=GateSettings)
    duo: DuoSettings = Field(default_factory=DuoSettings)
    notify: NotifySettings = Field(default_factory=NotifySettings)
    senders: dict[str, SenderSettings] = Field(default_factory=dict, description="per sender code")

    def sender(self, code: str | None) -> SenderSettings:
        return self.senders.get(code or "", SenderSettings())


def settings_path(home: Home) -> Path:
    return home.root / "regiomonitor.yaml"


def load_settings(home: Home) -> Settings:
    path = settings_path(home)
    if not path.exists():
        return Settings()
    return Settings.model_validate(yaml.safe_load(path.read_text()) or {})
