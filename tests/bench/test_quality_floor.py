"""The development set's figures must not fall back: a change that breaks splitting, routing
or enrichment on the labelled pages fails here, before it reaches a stream.

The floors sit a little under the figures in the README (measured with the same script), so
noise-free refactors pass and a real regression does not.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest

ROOT = Path(__file__).resolve().parents[2]


def _figures(tmp_path: Path, *flags: str) -> dict:
    out = tmp_path / "figures.json"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "quality.py"), "--json", str(out), *flags],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return orjson.loads(out.read_bytes())


@pytest.fixture(scope="module")
def whole(tmp_path_factory) -> dict:
    return _figures(tmp_path_factory.mktemp("whole"))


@pytest.fixture(scope="module")
def gold(tmp_path_factory) -> dict:
    return _figures(tmp_path_factory.mktemp("gold"), "--gold-split")


def test_splitting_holds(whole):
    assert whole["boundary_f1"][2] >= 0.95
    # the tabloid, broadcaster and business-paper live blogs of the latest round keep some
    # captions with no credit and related-story headlines, which read as news
    assert whole["chrome_dropped"] >= 0.96
    # the thirteen: lbl_03 labels a key-events digest's intro ("Here are the key events on day 1,000")
    # and its section headings ("Fighting", "Weapons") as news, and lbp_ the heading of a summary
    # entry ("Summary", "Here's what you need to know:"), as lbr_04 does "Here's what to know"; the
    # other digest pages (lbl_02, lbl_06, lbm_01) label such lines chrome, as Sitrep reads them.
    # sta2_22 and sta3_05 label a statement's closing "Glory to Ukraine!" news, which the General
    # Staff pages (stmt_genstaff_enemy_losses_tally, feb_03) label chrome; sta3_11 labels a "Press
    # release" line under the issuer news; lbv_04 labels a podcast's "Listen to ..." and "Listen on
    # Apple Podcasts, Spotify ..." lines news (a promo post); mix10_26 a byline ("By Nation
    # Reporter") under its headline. Any other news line dropped fails here
    assert whole["news_lines_dropped"] <= 13
    assert whole["timestamps_found"] == 1.0


def test_routing_holds(whole, gold):
    # the latest round's families include two written to sit on the topics' borders (`unc2_`,
    # `sec2_`) and live blogs whose merged posts carry their neighbours' topics
    assert whole["topics_micro"][2] >= 0.935
    # 0.970 before the round that added `unc8_`, `unc9_`, `sec6_` and `wire11_` (the last two
    # after the router's final refit of that round, so judged out of sample): 0.9695 after
    assert gold["topics_micro"][2] >= 0.965
    assert min(f for _, _, f in whole["topics"].values()) >= 0.88


def test_enrichment_holds(gold):
    # judged by exact class; the newest pages name some classes their own way (mixed totals
    # "other"), `jul_` stresses count wording and `cnt3_` tallies in pasted forms (tables as
    # text among them), which hold recall near 0.94 and precision near 0.958
    assert gold["counts_recall"] >= 0.93 and gold["counts_precision"] >= 0.95
    assert gold["countries"][2] >= 0.99
    assert gold["people"][2] >= 0.98
    # older dev pages also label quoted phrases, which Sitrep leaves out as the seed does
    assert gold["quotes_attributed"] >= 0.95
