"""The licence audit against hostile records: conflicting keys and rows, files and sidecars that
resolve outside the folder, and the adversarial licence suite (tests/helpers.py) through the real
stage (`python -m training.audit`: CSV rows, sidecars, Vorbis and ID3 tags) and the riff library.

Every case must be rejected: a single false accept fails the test."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import hydra
import pytest
from hydra.utils import instantiate

from core.audit import audit
from tests.helpers import (
    AMBIGUOUS_LICENCES,
    AMBIGUOUS_UNWRITABLE,
    compose_config,
    flac_with_comments,
    id3v2,
    row,
    run_stage,
    write_audio,
)

COLUMNS = ["file", "licence", "license", "author", "Licence"]


def write_rows(path: Path, rows: list[list[str]], header: list[str] = COLUMNS) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def run_audit(raw: Path) -> dict:
    cfg = compose_config("pipeline")
    return audit(
        raw, raw / "licences.csv", instantiate(cfg.licences), instantiate(cfg.dataset.audit), 1
    )


def by_file(report: dict) -> tuple[dict, dict]:
    return (
        {e["file"]: e for e in report["accepted"]},
        {e["file"]: e for e in report["rejected"]},
    )


# -- conflicting keys, rows and tags --------------------------------------------------------------

# file -> what the rejection says (None: accepted, the sources agree)
CONFLICTS = {
    "sidecar/both_spellings.wav": "conflicting licence in sidecar",
    "sidecar/repeated_key.wav": "conflicting licence in sidecar",
    "sidecar/upper_case_key.wav": "conflicting licence in sidecar",
    "sidecar/padded_key.wav": "conflicting licence in sidecar",
    "sidecar/two_authors.wav": "conflicting author in sidecar",
    "sidecar/agreeing.wav": None,
    "sidecar/upper_case_only.wav": "NonCommercial",  # `LICENSE` is read, not ignored
    "csv/both_columns.wav": "conflicting licence in licences.csv line",
    "csv/repeated_column.wav": "conflicting licence in licences.csv line",
    "csv/agreeing_columns.wav": None,
    "csv/us_spelling_only.wav": None,
    "csv/dot.wav": "listed 2 times in licences.csv",
    "csv/up.wav": "listed 2 times in licences.csv",
    "csv/same_row_twice.wav": "listed 2 times in licences.csv",
    "csv/Case.wav": None,  # paths are case-sensitive: each file has its own row
    "csv/case.wav": "NonCommercial",
    "csv/extra_cells.wav": "not listed in licences.csv",
    "tags/two_vorbis_licences.flac": "conflicting licence in tags",
    "tags/two_wcop_frames.mp3": "conflicting licence in tags",
    "tags/sentence_around_url.flac": "ambiguous licence text",
    "tags/one_licence.flac": None,
}


@pytest.fixture(scope="module")
def conflicts(tmp_path_factory: pytest.TempPathFactory) -> dict:
    raw = tmp_path_factory.mktemp("conflicts") / "raw"
    for name in CONFLICTS:
        if name.endswith(".wav"):
            write_audio(raw / name)
    sidecars = {
        "both_spellings": '{"licence": "CC-BY-NC-4.0", "license": "CC0-1.0"}',
        "repeated_key": '{"licence": "CC0-1.0", "licence": "CC-BY-NC-4.0"}',
        "upper_case_key": '{"LICENCE": "CC-BY-NC-4.0", "licence": "CC0-1.0"}',
        "padded_key": '{" license ": "CC-BY-NC-4.0", "licence": "CC0-1.0"}',
        "two_authors": '{"licence": "CC-BY-4.0", "author": "Ann", "Author": "Bob"}',
        "agreeing": '{"licence": "CC0-1.0", "license": " CC0-1.0 "}',
        "upper_case_only": '{"LICENSE": "CC-BY-NC-4.0"}',
    }
    for stem, text in sidecars.items():
        (raw / f"sidecar/{stem}.wav.json").write_text(text)
    rows = [
        ["sidecar/upper_case_only.wav", "CC0-1.0", "", "", ""],
        ["csv/both_columns.wav", "CC0-1.0", "CC-BY-NC-4.0", "", ""],
        ["csv/repeated_column.wav", "CC0-1.0", "", "", "CC-BY-NC-4.0"],
        ["csv/agreeing_columns.wav", "CC0-1.0", "CC0-1.0", "", " CC0-1.0"],
        ["csv/us_spelling_only.wav", "", "CC0-1.0", "", ""],
        ["./csv/dot.wav", "CC0-1.0", "", "", ""],
        ["csv/dot.wav", "CC-BY-NC-4.0", "", "", ""],
        ["csv/sub/../up.wav", "CC-BY-NC-4.0", "", "", ""],
        ["csv//up.wav", "CC0-1.0", "", "", ""],
        ["csv/same_row_twice.wav", "CC0-1.0", "", "", ""],
        ["csv/same_row_twice.wav", "CC0-1.0", "", "", ""],
        ["csv/Case.wav", "CC0-1.0", "", "", ""],
        ["csv/case.wav", "CC-BY-NC-4.0", "", "X", ""],
        ["csv/extra_cells.wav", "CC0-1.0", "", "Me", "", "CC-BY-NC-4.0"],
        ["tags/two_vorbis_licences.flac", "", "", "", ""],
        ["tags/two_wcop_frames.mp3", "", "", "", ""],
        ["tags/sentence_around_url.flac", "", "", "", ""],
        ["tags/one_licence.flac", "", "", "", ""],
    ]
    write_rows(raw / "licences.csv", rows)
    by4 = "https://creativecommons.org/licenses/by/4.0/"
    flac_with_comments(
        raw / "tags/two_vorbis_licences.flac",
        [("LICENSE", "CC0-1.0"), ("license", "CC-BY-NC-4.0"), ("COPYRIGHT", "Ann")],
    )
    flac_with_comments(
        raw / "tags/sentence_around_url.flac",
        [("LICENSE", f"Licensed under {by4} verify at example.org"), ("COPYRIGHT", "Ann")],
    )
    flac_with_comments(raw / "tags/one_licence.flac", [("LICENSE", by4), ("COPYRIGHT", "Ann")])
    mp3 = write_audio(raw / "tags/two_wcop_frames.mp3")
    frames = [("WCOP", "CC0-1.0"), ("WCOP", "CC-BY-NC-4.0"), ("TCOP", "Ann")]
    mp3.write_bytes(id3v2(frames) + mp3.read_bytes())
    return run_audit(raw)


@pytest.mark.parametrize("name", sorted(CONFLICTS))
def test_conflicts_are_rejections_never_last_one_wins(conflicts: dict, name: str) -> None:
    accepted, rejected = by_file(conflicts)
    if CONFLICTS[name] is None:
        assert name in accepted, rejected.get(name)
    else:
        assert name in rejected, accepted.get(name)
        assert CONFLICTS[name] in rejected[name]["reason"]


def test_a_row_with_more_cells_than_the_header_is_named(conflicts: dict) -> None:
    (bad,) = [
        e for e in conflicts["rejected"] if e["file"] == "csv/extra_cells.wav" and not e["sha256"]
    ]
    assert "6 cells, the header has 5 columns (quote a field holding a comma)" in bad["reason"]
    assert len(conflicts["accepted"]) == sum(v is None for v in CONFLICTS.values())


# -- paths that leave the folder -------------------------------------------------------------------


def test_files_and_sidecars_resolving_outside_the_folder_are_rejected_unread(
    tmp_path: Path,
) -> None:
    raw, outside = tmp_path / "raw", tmp_path / "outside"
    write_audio(outside / "real.wav")
    (outside / "evil.json").write_text(json.dumps({"licence": "CC0-1.0"}))
    write_audio(raw / "inside.wav")
    raw.joinpath("sub").mkdir()
    links = {
        "link_out.wav": outside / "real.wav",
        "absolute_passwd.wav": Path("/etc/passwd"),
        "sub/relative_out.wav": Path("../../outside/real.wav"),
        "hop.wav": Path("chain_out.wav"),
        "chain_out.wav": outside / "real.wav",
        "dangling.wav": raw / "nowhere.wav",
        "link_in.wav": Path("inside.wav"),
        "linked_dir": outside,
        "sidecar_out.wav.json": outside / "evil.json",
    }
    for name, target in links.items():
        os.symlink(target, raw / name)
    write_audio(raw / "sidecar_out.wav")
    names = [n for n in links if n.endswith(".wav")] + ["inside.wav", "linked_dir/real.wav"]
    write_rows(raw / "licences.csv", [[n, "CC0-1.0", "", "", ""] for n in names])
    accepted, rejected = by_file(run_audit(raw))
    assert set(accepted) == {"inside.wav", "link_in.wav"}
    for name in ["link_out.wav", "absolute_passwd.wav", "sub/relative_out.wav", "hop.wav"]:
        assert "outside the audited folder" in rejected[name]["reason"], name
        assert rejected[name]["sha256"] is None  # not even hashed
    assert "cannot be resolved" in rejected["dangling.wav"]["reason"]
    assert "sidecar sidecar_out.wav.json resolves to" in rejected["sidecar_out.wav"]["reason"]
    assert "linked_dir/real.wav" in rejected  # the row names no file the audit looked at


def test_the_stage_exits_non_zero_on_a_symlink_out_of_data_raw(tmp_path: Path) -> None:
    raw = tmp_path / "data" / "raw"
    write_audio(tmp_path / "elsewhere" / "loop.wav")
    raw.mkdir(parents=True)
    os.symlink(tmp_path / "elsewhere" / "loop.wav", raw / "loop.wav")
    write_rows(raw / "licences.csv", [["loop.wav", "CC0-1.0", "", "", ""]])
    done = run_stage("audit", tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "rejected loop.wav: the file resolves to" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


# -- the adversarial licence suite, end to end -----------------------------------------------------

SUITE = AMBIGUOUS_LICENCES + AMBIGUOUS_UNWRITABLE
GOOD = {"good/cc0.wav": "CC0-1.0", "good/tagged.flac": "CC-BY-4.0"}  # the stage accepts these


def latin1_url_frame(text: str) -> bool:
    return "\x00" not in text and all(ord(c) < 256 for c in text)


def build_suite(raw: Path, tags: bool) -> dict[str, str]:
    """One file per case and channel: its CSV row, its sidecar, its Vorbis tag, its ID3 WCOP
    frame. Returns file -> the licence text it carries."""
    cases: dict[str, str] = {}
    rows = [row("good/cc0.wav", "CC0-1.0")]
    write_audio(raw / "good/cc0.wav")
    for i, text in enumerate(SUITE):
        if text in AMBIGUOUS_LICENCES:  # a CSV field cannot hold NUL
            cases[name := f"csv/{i:03d}.wav"] = text
            rows.append(row(name, text, "Ann"))
            write_audio(raw / name)
        cases[name := f"sidecar/{i:03d}.wav"] = text
        write_audio(raw / name)
        (raw / f"{name}.json").write_text(json.dumps({"licence": text, "author": "Ann"}))
        if not tags:
            continue
        cases[name := f"vorbis/{i:03d}.flac"] = text
        rows.append(row(name))
        flac_with_comments(raw / name, [("LICENSE", text), ("COPYRIGHT", "Ann")])
        if latin1_url_frame(text):
            cases[name := f"id3/{i:03d}.mp3"] = text
            rows.append(row(name))
            mp3 = write_audio(raw / name)
            mp3.write_bytes(id3v2([("WCOP", text), ("TCOP", "Ann")]) + mp3.read_bytes())
    if tags:
        rows.append(row("good/tagged.flac"))
        by4 = "https://creativecommons.org/licenses/by/4.0/deed.en"
        flac_with_comments(raw / "good/tagged.flac", [("LICENSE", by4), ("COPYRIGHT", "Ann")])
    with open(raw / "licences.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["file", "licence", "author"])
        writer.writeheader()
        writer.writerows(rows)
    return cases


@pytest.mark.slow
def test_adversarial_suite_through_the_audit_stage(tmp_path: Path) -> None:
    cases = build_suite(tmp_path / "data" / "raw", tags=True)
    assert len(SUITE) >= 60 and len(cases) >= 3 * len(SUITE)
    done = run_stage("audit", tmp_path, "licences.on_violation=exclude")
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads((tmp_path / "data/audit/licence_report.json").read_text(encoding="utf-8"))
    accepted, rejected = by_file(report)
    assert {name: accepted[name]["licence"] for name in accepted} == GOOD  # 0 false accepts
    for name, text in cases.items():
        entry = rejected[name]
        assert "ambiguous licence text" in entry["reason"], (name, text, entry["reason"])
        assert entry["licence"] is None
        if name.startswith(("csv/", "sidecar/")):  # kept exactly as given
            assert entry["licence_given"] == text, name
    attribution = (tmp_path / "data/audit/ATTRIBUTION.md").read_text(encoding="utf-8")
    rows = [line for line in attribution.splitlines() if line.startswith("| ") and "`" in line]
    assert len(rows) == len(GOOD)  # one row per accepted work, none for the rejected
    assert all(f"`{accepted[name]['sha256']}`" in attribution for name in GOOD)
    assert any(line.startswith("| tagged.flac | Ann |") for line in rows), rows

    done = run_stage("audit", tmp_path)  # licences.on_violation=fail: the stage fails
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr


def test_adversarial_suite_through_the_riff_library(tmp_path: Path) -> None:
    cases = build_suite(tmp_path / "riffs", tags=False)
    cfg = compose_config("ui", [f"riffs.root={tmp_path / 'riffs'}"])
    riffs = hydra.utils.instantiate(cfg.riffs)
    assert [r.name for r in riffs.riffs] == ["good/cc0.wav"]  # 0 false accepts
    reasons = {e["file"]: e["reason"] for e in riffs.rejected}
    assert set(reasons) == set(cases)
    assert all("ambiguous licence text" in reason for reason in reasons.values())
