"""An employee on a phone: files a case with two pictures, sees when to expect an answer,
is stopped before uploading a 30 MB file (text kept), and reads the portal at 320 px."""

from __future__ import annotations

import struct
import zlib

import pytest

from tests.e2e.conftest import axe_violations, login, screenshot

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A small real PNG of one colour."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def _phone(browser, live_server, width: int = 390):
    ctx = browser.new_context(locale="sv-SE", viewport={**PHONE, "width": width}, bypass_csp=True)
    ctx.set_default_timeout(15_000)
    page = ctx.new_page()
    login(page, live_server, "anstalld")
    return page


def _overflow(page) -> int:
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_an_employee_files_a_case_with_two_pictures_on_a_phone(browser, live_server):
    page = _phone(browser, live_server)
    try:
        page.goto(live_server("/portal/new"))
        expected = page.locator("#expected-answer")
        assert expected.inner_text().startswith("Du får svar inom")
        page.fill("#service-filter", "schema")  # a keyword, not in any name
        page.wait_for_function(
            "() => document.querySelector('#service').selectedOptions[0].text === 'Skolplattformen'"
        )
        before = expected.inner_text()
        page.check("#urgency-0")  # work stopped: a sooner answer
        page.wait_for_function(
            "(before) => document.querySelector('#expected-answer').textContent !== before",
            arg=before,
        )
        assert "Du får svar inom" in expected.inner_text()
        page.fill("#title", "Schemat visar fel vecka")
        page.fill("#description", "Eleverna i 8A ser förra veckans schema.")
        page.set_input_files(
            "#attachment",
            files=[
                {
                    "name": "schema1.png",
                    "mimeType": "image/png",
                    "buffer": png(40, 30, (200, 30, 30)),
                },
                {
                    "name": "schema2.png",
                    "mimeType": "image/png",
                    "buffer": png(30, 40, (30, 30, 200)),
                },
            ],
        )
        assert page.locator(".chosen-files li").all_inner_texts() == ["schema1.png", "schema2.png"]
        assert page.locator("#attachment-check").count() == 0
        screenshot(page, "portal-new-two-files-390")
        page.screenshot(path="/tmp/shots/portal/e2e-new-two-files-390.png", full_page=True)
        assert _overflow(page) <= 0
        page.click("main [type=submit]")
        page.wait_for_url("**/portal/tickets/*")
        assert "Schemat visar fel vecka" in page.inner_text("h1")
        assert page.locator(".expected-answer").inner_text().startswith("Du får svar senast")
        history = page.inner_text("#history-h + table")
        assert "schema1.png" in history and "schema2.png" in history
        assert _overflow(page) <= 0
        page.screenshot(path="/tmp/shots/portal/e2e-case-390.png", full_page=True)
        assert axe_violations(page) == []
    finally:
        page.context.close()


def test_a_30_mb_file_is_refused_next_to_the_field_before_upload(browser, live_server, tmp_path):
    page = _phone(browser, live_server)
    try:
        page.goto(live_server("/portal/new"))
        page.fill("#title", "Filmen från lektionen")
        page.fill("#description", "Den går inte att spela upp.")
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.method))
        big = tmp_path / "film.png"  # a path: the browser reads it, nothing is copied over
        with big.open("wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n")
            f.truncate(30 * 1024 * 1024)
        page.set_input_files("#attachment", files=[str(big)])
        error = page.locator("#attachment-check")
        assert "film.png: Filen är för stor (högst 10 MB)." in error.inner_text()
        assert page.get_attribute("#attachment", "aria-invalid") == "true"
        assert "attachment-check" in page.get_attribute("#attachment", "aria-describedby")
        page.click("main [type=submit]")
        assert "/portal/new" in page.url and "POST" not in requests  # nothing was sent
        assert page.input_value("#title") == "Filmen från lektionen"
        assert page.input_value("#description") == "Den går inte att spela upp."
        assert page.evaluate("document.activeElement.id") == "attachment"
        page.screenshot(path="/tmp/shots/portal/e2e-refused-30mb-390.png", full_page=True)
        assert axe_violations(page) == []
        # Dropping an allowed picture onto the zone after clearing the big one: accepted.
        page.set_input_files("#attachment", files=[])
        page.evaluate(
            """(bytes) => {
                const transfer = new DataTransfer();
                transfer.items.add(new File([new Uint8Array(bytes)], "skarm.png", {type: "image/png"}));
                const zone = document.querySelector(".drop-zone");
                zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true}));
            }""",
            list(png(8, 8, (0, 120, 0))),
        )
        assert page.locator(".chosen-files li").all_inner_texts() == ["skarm.png"]
        assert page.locator("#attachment-check").count() == 0
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [390, 320])
def test_the_portal_list_and_case_page_do_not_scroll_sideways(browser, live_server, width):
    page = _phone(browser, live_server, width)
    try:
        page.goto(live_server("/portal/"))
        assert _overflow(page) <= 0, f"list scrolls sideways at {width}"
        title = page.locator("table.stacked td.card-title").first
        box = title.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        # Titles wrap between words: no word is cut (each line ends at a space).
        assert page.evaluate(
            """(el) => { const r = document.createRange(); r.selectNodeContents(el);
                return Array.from(r.getClientRects()).length <= el.textContent.split(' ').length; }""",
            title.element_handle(),
        )
        page.screenshot(path=f"/tmp/shots/portal/e2e-list-{width}.png", full_page=True)
        page.locator("table.stacked a").first.click()
        page.wait_for_url("**/portal/tickets/*")
        assert _overflow(page) <= 0, f"case page scrolls sideways at {width}"
        for when in page.locator("table.history time").all():
            box = when.bounding_box()
            assert box["height"] < 40, "a date and time split over two lines"
        page.screenshot(path=f"/tmp/shots/portal/e2e-case-{width}.png", full_page=True)
        assert axe_violations(page) == []
    finally:
        page.context.close()
