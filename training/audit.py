"""DVC stage `audit`: proves that every recording in `data/raw` may be trained on, or says why not.

`uv run python -m training.audit [licences.on_violation=exclude] [dataset.audit.max_file_mb=50]`

Runs the licence audit (`core.audit`) over `paths.raw_dir` with the policy of `conf/licences/`,
writes `licence_report.json` (every accepted and rejected file, with sha256 and the reason for each
rejection) and `ATTRIBUTION.md` into `paths.audit_dir`, prints a summary, and exits non-zero after
writing them when `licences.on_violation=fail` and any file was rejected.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import hydra
from hydra.errors import InstantiationException
from hydra.utils import instantiate
from omegaconf import DictConfig

from core.audit import AuditError, audit
from core.files import write_json_atomic, write_text_atomic
from core.parallel import JobsError, resolve_jobs
from training.licence_card import ATTRIBUTION_FILE, attribution_markdown

REPORT_FILE = "licence_report.json"


def summary_lines(report: dict[str, Any]) -> list[str]:
    """What the stage prints: counts, counts per licence, every rejection with its reason."""
    s = report["summary"]
    lines = [f"audit: {s['accepted']} accepted, {s['rejected']} rejected, {s['ignored']} ignored"]
    lines += [f"  {licence}: {n}" for licence, n in s["accepted_per_licence"].items()]
    lines += [f"  rejected {e['file']}: {e['reason']}" for e in report["rejected"]]
    return lines


def write_report(report: dict[str, Any], audit_dir: str | Path) -> Path:
    """Both files of the stage, each written atomically; returns the report's path."""
    audit_dir = Path(audit_dir)
    write_json_atomic(audit_dir / REPORT_FILE, report)
    audited_on = datetime.now(UTC).date().isoformat()
    card = attribution_markdown(report, audited_on, REPORT_FILE)
    write_text_atomic(audit_dir / ATTRIBUTION_FILE, card)
    return audit_dir / REPORT_FILE


EXCLUDE_COMMAND = "uv run dvc exp run -S licences.on_violation=exclude"


def violation_message(rejected: int) -> str:
    """What the stage says when it fails on rejected files: the fix, and what the fix costs."""
    return (
        f"audit: {rejected} file(s) rejected and licences.on_violation=fail.\n"
        "  Fix them (see the reasons above and licence_report.json), or leave them out with:\n"
        f"    {EXCLUDE_COMMAND}\n"
        "  Excluding files changes the training data, so ingest, encode and the fine-tune run "
        "again on what is left."
    )


@hydra.main(version_base="1.3", config_path="../conf", config_name="pipeline")
def main(cfg: DictConfig) -> None:
    try:
        policy = instantiate(cfg.licences)
        checks = instantiate(cfg.dataset.audit)
        resolve_jobs(cfg.dataset.jobs)
        report = audit(cfg.paths.raw_dir, cfg.paths.licences_csv, policy, checks, cfg.dataset.jobs)
    except (AuditError, InstantiationException, JobsError) as err:
        print(f"audit: {err}", file=sys.stderr)
        sys.exit(2)
    path = write_report(report, cfg.paths.audit_dir)
    print("\n".join(summary_lines(report)))
    print(f"wrote {path} and {path.with_name(ATTRIBUTION_FILE)}")
    if report["rejected"] and policy.on_violation == "fail":
        print(violation_message(len(report["rejected"])), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
