"""`quangba bench build --pages 200,1000,2000`: the growth table says per page what a size
costs against the smallest, so a super-linear step shows (figures made up here: the bench
itself measures, tests never time)."""

from __future__ import annotations

import argparse

import pytest

from quangba.cli import _sizes
from quangba.ops.bench import Growth, Measure, growth_table


def test_the_table_shows_cost_per_page_against_the_smallest_size():
    small = Growth(200, 1000, Measure(1, 1, 40_000), Measure(20, 30, 400_000), Measure(8, 12, 380_000))
    large = Growth(1000, 5000, Measure(3, 3, 60_000), Measure(80, 120, 900_000), Measure(60, 70, 880_000))
    rows = growth_table([small, large]).splitlines()
    assert len(rows) == 4
    assert rows[2].startswith("| 200 (1000) |") and "| 1.00×, 1.00× |" in rows[2]
    # 60 s / 5000 pages = 12 ms against 8 ms: 1.5× per page in wall time, 14/12 in CPU
    assert "| 12.0, 14.0 | 1.50×, 1.17× | 1.3× |" in rows[3]
    assert "859 MiB" in rows[3]


def test_sizes_are_read_from_a_comma_separated_list():
    assert _sizes("200,1000,2000") == [200, 1000, 2000]
    assert _sizes("205") == [205]
    for bad in ("", "ten", "0", "200,-1"):
        with pytest.raises(argparse.ArgumentTypeError):
            _sizes(bad)
