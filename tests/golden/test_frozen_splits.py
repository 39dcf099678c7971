"""The test splits of the blind evaluation sets are frozen: their bytes never change after they were cut.

They were written from the documents alone (../shared/EVALUATION.md), split by section with `evals.splits`,
and frozen before any tuning. A new item goes into a new file, never into a frozen one.
"""

import pytest

from evals.splits import sha256_of
from assistant.settings import ROOT

DATASETS = ROOT / "evals" / "datasets"

FROZEN = [
    ("qa_blind_test.jsonl", "9bb27af684c6c4e51494b51444dccff55d4fb26f88a2362ccf28585b13a140fe"),
    ("faithfulness_blind_test.jsonl", "c4841122ae99deb379a79613d920b214cede2d1a39827965313c90e1a183881c"),
    # Teacher texts for the recommender, written from the catalogue alone; cut by a hash of the item id.
    ("recommend_blind_test.jsonl", "ba4a02290000b1bfa99bcca2816377f0d25d6af94cc9681c116af1200108032c"),
]


@pytest.mark.parametrize("name,digest", FROZEN)
def test_frozen_test_split_is_unchanged(name, digest):
    assert sha256_of(DATASETS / name) == digest, f"{name} 已冻结，不得修改"
