"""Recommending three fitting, valid micro-abilities from a teacher's own words."""

from assistant.recommend.cues import CueTable, load_cues
from assistant.recommend.recommendation import CaseRef, Pick, PolicyCitation, Recommendation, RunnerUp
from assistant.recommend.recommender import MAX_TEXT, Recommender
from assistant.recommend.scoring import WEIGHTS, Weights
from assistant.recommend.understanding import Understanding, understand

__all__ = [
    "Recommender",
    "Recommendation",
    "Pick",
    "RunnerUp",
    "PolicyCitation",
    "CaseRef",
    "CueTable",
    "load_cues",
    "Understanding",
    "understand",
    "Weights",
    "WEIGHTS",
    "MAX_TEXT",
]
