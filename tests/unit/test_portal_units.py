"""Pure pieces of the portal: passwords, tokens, signatures, the rate limiter, highlighting, charts."""
from __future__ import annotations

import re

from markupsafe import Markup

from rehearse.portal import auth
from rehearse.portal.chart import Series, line_chart
from rehearse.portal.highlight import highlight
from rehearse.portal.security import RateLimiter


def test_password_hash_is_salted_and_verifies():
    first, second = auth.hash_password("s3cret pass"), auth.hash_password("s3cret pass")
    assert first != second and first.startswith("scrypt$")
    assert "s3cret" not in first
    assert auth.verify_password("s3cret pass", first)
    assert not auth.verify_password("s3cret pasS", first)
    assert not auth.verify_password("anything", None)
    assert not auth.verify_password("anything", "md5$garbage")


def test_tokens_are_random_and_stored_hashed():
    token = auth.generate_token()
    assert len(token) >= 40 and token != auth.generate_token()
    assert auth.hash_token(token) != token and len(auth.hash_token(token)) == 64


def test_signatures_reject_tampering_and_purpose_swaps():
    signed = auth.sign("session", "abc")
    assert auth.unsign("session", signed) == "abc"
    assert auth.unsign("csrf", signed) is None
    assert auth.unsign("session", "abd" + signed[3:]) is None
    assert auth.unsign("session", "abc") is None and auth.unsign("session", None) is None


def test_secret_key_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(auth.SECRET_KEY_ENV, "k" * 40)
    auth.secret_key.cache_clear()
    try:
        assert auth.secret_key() == b"k" * 40
    finally:
        auth.secret_key.cache_clear()


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limiter_window():
    clock = Clock()
    limiter = RateLimiter(limit=3, window_s=60, clock=clock)
    for _ in range(3):
        assert limiter.retry_after("k") is None
        limiter.failed("k")
    assert limiter.retry_after("k") == 60
    assert limiter.retry_after("other") is None
    clock.now += 30
    assert limiter.retry_after("k") == 30
    clock.now += 31
    assert limiter.retry_after("k") is None
    limiter.failed("k")
    limiter.clear("k")
    assert limiter.retry_after("k") is None


def test_rate_limiter_bounds_its_memory():
    limiter = RateLimiter(limit=1, window_s=60, max_keys=10, clock=Clock())
    for number in range(100):
        limiter.failed(number)
    assert len(limiter._failures) == 10
    assert limiter.retry_after(99) is not None and limiter.retry_after(0) is None


def test_highlight_escapes_everything_and_nests_overlaps():
    text = '<b onclick="x">I</b> hate you'
    findings = [
        {"feature": "you_blame", "start": 16, "end": 24, "rule": 'r"><script>'},
        {"feature": "contempt", "start": 21, "end": 24, "rule": "c"},
        {"feature": '"><img src=x>', "start": 0, "end": 3, "rule": "evil"},
        {"feature": "absolute", "start": 20, "end": 999, "rule": "clamped"},
        {"feature": "empty", "start": 5, "end": 5, "rule": "ignored"},
    ]
    html = highlight(text, findings)
    assert isinstance(html, Markup)
    assert "<b" not in html and "<script" not in html and "<img" not in html
    assert html.count("<mark") == html.count("</mark>")
    assert re.sub(r"<[^>]+>", "", str(html)) == str(Markup.escape(text))
    assert 'class="f-imgsrcx"' in html
    depth = 0
    for tag in re.findall(r"</?mark", str(html)):
        depth += 1 if tag == "<mark" else -1
        assert depth >= 0
    assert depth == 0


def test_highlight_without_findings_is_just_escaped():
    assert highlight("a < b & c", []) == Markup("a &lt; b &amp; c")


def test_chart_is_svg_without_inline_styles_and_escapes_labels():
    svg = line_chart("<t>", ["<x>", "b"], [Series("<s>", [1, None]), Series("two", [0, 10])], 10)
    assert svg.startswith("<svg") and "style=" not in svg and "<script" not in svg
    assert "&lt;t&gt;" in svg and "&lt;x&gt;" in svg and "&lt;s&gt;" in svg
    assert svg.count("<circle") == 3 and svg.count("<polyline") == 1
