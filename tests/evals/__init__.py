"""Tests of the evaluation library (evals/): metrics, runner, reports, gate, feedback."""
