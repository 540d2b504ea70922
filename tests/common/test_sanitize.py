from app.common.sanitize import plain_text, render_markdown, sanitize_html


def test_markdown_is_rendered_and_cleaned():
    html = render_markdown("# Title\n\n**bold** <script>alert(1)</script> [x](javascript:alert(1))")
    assert "<h2>Title</h2>" in html  # headings never outrank the page's h1
    assert "<strong>bold</strong>" in html
    assert "<script" not in html
    assert "javascript:" not in html


def test_event_handlers_and_unknown_tags_are_removed():
    html = sanitize_html('<p onclick="x()">hi<img src=x onerror=alert(1)><iframe></iframe></p>')
    assert html == "<p>hi</p>"


def test_links_get_nofollow_and_bare_urls_are_linked():
    html = render_markdown("See https://example.org")
    assert 'href="https://example.org"' in html
    assert 'rel="nofollow"' in html


def test_empty_and_plain():
    assert render_markdown("   ") == ""
    assert render_markdown(None) == ""
    assert plain_text("<b>x</b><script>y</script>") == "xy"
