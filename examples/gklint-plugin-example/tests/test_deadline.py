"""The date reading behind the publication-deadline check kind."""
import datetime

import pytest

from gklint_plugin_example.deadline import cn_number, parse_date


@pytest.mark.parametrize("text, value", [("2025", 2025), ("二〇二五", 2025), ("十", 10), ("十二", 12), ("二十", 20), ("三十一", 31), ("十十", None), ("x", None)])
def test_cn_number(text, value):
    assert cn_number(text) == value


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2025年1月20日", (datetime.date(2025, 1, 20), 0, 10)),
        ("  2025 年 1 月 20 日", (datetime.date(2025, 1, 20), 2, 17)),
        ("印发日期：二〇二五年一月二十日", (datetime.date(2025, 1, 20), 5, 15)),
        ("２０２５年２月３０日", None),  # no such day
        ("2025年1月20日前完成", None),  # a sentence, not a signature
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected
