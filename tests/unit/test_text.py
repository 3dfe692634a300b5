"""One-line text at the domain boundary: titles fold, file names lose invisible controls."""

from __future__ import annotations

from servicedesk.domain.text import single_line, without_format_characters
from servicedesk.domain.tickets.attachments import safe_filename


def test_a_title_with_line_breaks_and_controls_folds_to_one_line():
    raw = " Skrivaren\r\nBcc: x@evil.example\tpå\x00plan 2\u2028igen\x85\u202e "
    assert single_line(raw) == "Skrivaren Bcc: x@evil.example på plan 2 igen"


def test_lone_surrogates_become_replacement_characters():
    assert single_line("fel \ud800 tecken") == "fel \ufffd tecken"


def test_ordinary_text_is_kept():
    assert single_line("Kan inte logga in – 𝔘nicode 👩‍💻") == "Kan inte logga in – 𝔘nicode 👩‍💻"


def test_bidi_override_and_invisible_characters_leave_file_names():
    assert without_format_characters("a\u202eb\u200bc\ufeffd\x07") == "abcd"
    assert safe_filename("faktura\u202etxt.exe.txt") == "fakturatxt.exe.txt"
    assert safe_filename("rapport\u2066\u2069\u200f.pdf") == "rapport.pdf"
