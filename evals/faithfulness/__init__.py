"""Faithfulness scoring: the claim verifier applied to any system's answers, and its own evaluation."""

from evals.faithfulness.scorer import FaithfulnessScorer

__all__ = ["FaithfulnessScorer"]
