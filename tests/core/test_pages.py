import orjson
import pytest

from streams.core.pages import InvalidPage, html_to_text, page_id_for, parse_pages

LIMIT = 1024 * 1024


def test_bare_text_page_gets_id_from_its_bytes():
    data = b"Russia launched 12 drones overnight."
    [page] = parse_pages(data, LIMIT)
    assert page.id == page_id_for(data)
    assert parse_pages(data, LIMIT)[0].id == page.id


def test_json_raw_post_validates():
    data = orjson.dumps({"id": "p1", "text": "Kyiv came under attack.", "source": "wire"})
    [page] = parse_pages(data, LIMIT)
    assert (page.id, page.source) == ("p1", "wire")


def test_json_list_gives_several_pages():
    data = orjson.dumps([{"id": "a", "text": "one"}, {"id": "b", "text": "two"}])
    assert [p.id for p in parse_pages(data, LIMIT)] == ["a", "b"]


@pytest.mark.parametrize(
    ("data", "error_class"),
    [
        (b"{not json", "InvalidJson"),
        (b'{"id": "x"}', "ValidationError"),
        (b'{"id": "x", "text": 5}', "ValidationError"),
        (b'{"id": "x", "text": ""}', "ValidationError"),
        (b'{"id": "x", "text": "   "}', "EmptyPage"),
        (b"[1, 2]", "WrongShape"),
        (b"[]", "EmptyMessage"),
        (b"   \n ", "EmptyMessage"),
        (b"\xff\xfe\x00binary", "NotUtf8"),
        (b"text with a \x00 nul", "Binary"),
        (None, "EmptyMessage"),
    ],
)
def test_bad_messages_say_why(data, error_class):
    with pytest.raises(InvalidPage) as info:
        parse_pages(data, LIMIT)
    assert info.value.error_class == error_class
    assert info.value.reason


def test_size_limit():
    with pytest.raises(InvalidPage) as info:
        parse_pages(b"x" * 101, 100)
    assert info.value.error_class == "TooLarge"


def test_line_limit():
    with pytest.raises(InvalidPage) as info:
        parse_pages("\n".join(["word"] * 50).encode(), LIMIT, max_lines=10)
    assert info.value.error_class == "PageTooLong"


def test_html_scripts_are_dropped_not_run():
    html = (
        "<html><body><script>alert('x')</script><p>Russia launched 12 drones.</p>"
        "<style>p{}</style><p>Ukraine shot down 10.</p></body></html>"
    )
    assert html_to_text(html) == "Russia launched 12 drones.\nUkraine shot down 10."
    [page] = parse_pages(html.encode(), LIMIT)
    assert "alert" not in page.text
