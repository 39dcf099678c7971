"""Faithfulness scoring: an answer split into claims, each matched against the contexts and explained."""

from evals.faithfulness.claims import split_claims
from evals.faithfulness.scorer import DEFAULT_THRESHOLDS, FaithfulnessScorer, Thresholds

__all__ = ["FaithfulnessScorer", "Thresholds", "DEFAULT_THRESHOLDS", "split_claims"]
