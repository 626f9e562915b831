import pytest

from streams.core.enrich.numbers import NUMBER_RE, to_int


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("eleven", 11),
        ("twenty-three", 23),
        ("twenty three", 23),
        ("two hundred", 200),
        ("1,200", 1200),
        ("88", 88),
        ("one hundred and five", 105),
    ],
)
def test_number_words(text, value):
    assert to_int(text) == value


def test_numbers_found_in_text():
    found = [m.group(0) for m in NUMBER_RE.finditer("shot down eight out of 11 drones")]
    assert found == ["eight", "11"]
