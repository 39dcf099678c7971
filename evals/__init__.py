"""Offline evaluation: datasets under evals/datasets, runners here, reports under evals/reports."""
