from servicedesk.domain.text import render_markdown


def test_script_is_never_rendered():
    html = render_markdown("<script>alert(1)</script> **bold** <img src=x onerror=alert(1)>")
    assert "<script" not in html
    assert "onerror" not in html
    assert "<strong>bold</strong>" in html


def test_javascript_links_are_dropped():
    html = render_markdown("[click](javascript:alert(1)) [ok](https://tanum.se)")
    assert "javascript:" not in html
    assert 'href="https://tanum.se"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
