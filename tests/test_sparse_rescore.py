"""The blend the sparse re-scoring diagnostic (bench.sparse_rescore) applies."""

import numpy as np

from bench.sparse_rescore import blended_order


def test_weight_zero_keeps_the_fused_order() -> None:
    assert blended_order([0.9, 0.5, 0.1], np.array([0.0, 1.0, 5.0]), 0.0) == [0, 1, 2]


def test_weight_one_follows_the_sparse_scores() -> None:
    assert blended_order([0.9, 0.5, 0.1], np.array([0.0, 1.0, 5.0]), 1.0) == [2, 1, 0]


def test_a_strong_sparse_match_overtakes_a_close_fused_neighbour_only() -> None:
    # Fused scores 1.0 / 0.95 / 0.0; the sparse model prefers the second strongly.
    order = blended_order([1.0, 0.95, 0.0], np.array([0.0, 10.0, 10.0]), 0.3)
    assert order == [1, 0, 2]


def test_equal_sparse_scores_leave_the_fused_order() -> None:
    assert blended_order([0.2, 0.8, 0.5], np.array([3.0, 3.0, 3.0]), 0.5) == [1, 2, 0]
