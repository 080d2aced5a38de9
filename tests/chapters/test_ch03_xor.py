"""Chapter 3: XOR weights check and its feedback."""
import numpy as np
import pytest

from bpcourse import checks
from bpcourse.checks import CheckFailed
from bpcourse.widgets import xor

HAND = ([[1, 1], [1, 1]], [-0.5, -1.5], [[1, -1]], [-0.5])


def test_the_chapters_design_is_refused():
    # the exercise asks for a design other than the chapter's hidden OR and AND units
    with pytest.raises(CheckFailed, match="with the chapter's hidden units"):
        checks.ch03_xor_weights(*HAND)


def test_other_valid_design_passes(capsys):
    # h1 = x1 AND NOT x2, h2 = x2 AND NOT x1, y = h1 OR h2
    checks.ch03_xor_weights([[1, -1], [-1, 1]], [-0.5, -0.5], [[1, 1]], [-0.5])
    assert "correct (00→0, 01→1, 10→1, 11→0)" in capsys.readouterr().out


def test_wrong_row_is_named_with_or_and_hint():
    with pytest.raises(CheckFailed) as e:
        checks.ch03_xor_weights([[1, 1], [1, 1]], [-0.5, -1.5], [[1, 1]], [-0.5])
    msg = str(e.value)
    assert "1 of 4 rows are wrong" in msg and "input (1, 1)" in msg and "expected 0" in msg
    assert "must fire for OR but not AND" in msg


def test_inverted_output_hint():
    with pytest.raises(CheckFailed, match="XNOR"):
        checks.ch03_xor_weights([[1, 1], [1, 1]], [-0.5, -1.5], [[-1, 1]], [0.5])


def test_same_hidden_pattern_hint():
    with pytest.raises(CheckFailed, match="same hidden pattern"):
        checks.ch03_xor_weights([[1, 1], [1, 1]], [-0.5, -0.5], [[1, -1]], [-0.5])


def test_tie_at_zero_hint():
    with pytest.raises(CheckFailed, match=r"exactly 0"):
        checks.ch03_xor_weights([[1, 1], [1, 1]], [-1.0, -1.5], [[1, -1]], [-0.5])


def test_bad_shapes_and_missing_values():
    with pytest.raises(CheckFailed, match=r"W0 has shape \(1, 2\); expected \(2, 2\)"):
        checks.ch03_xor_weights([[1, 1]], [0, 0], [[1, 1]], [0])
    with pytest.raises(CheckFailed, match="b1_xor is not answered yet"):
        checks.ch03_xor_weights(*HAND[:3], None)


def test_soft_net_flips_two_rows_below_two_ln_three():
    k0 = 2 * np.log(3)                        # where sigma(-k/2) = 1/4
    assert xor.max_error(xor.xor_net(hard=False, k=k0)) == pytest.approx(0.5, abs=1e-12)
    assert xor.n_correct(xor.xor_net(hard=False, k=k0 * 0.99)) == 2
    assert xor.n_correct(xor.xor_net(hard=False, k=k0 * 1.01)) == 4
