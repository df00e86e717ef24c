# Smart quotes and dashes are what these files are about.
# ruff: noqa: RUF001
"""The safe streaming XML reader under both importers, against hand-made hostile and odd files
(tests/portability/files/hostile/), and the progress bar the import commands draw."""

import io
from pathlib import Path

import pytest
from django.core.management.base import OutputWrapper

from portability import progress
from portability.progress import ProgressBar
from portability.records import ImportFailed
from portability.xmlsafe import iterparse

HOSTILE = Path(__file__).parent / "files" / "hostile"
DISQUS = "{http://disqus.com}"


def texts(source, tag):
    return [
        element.text
        for event, element, line in iterparse(source)
        if event == "end" and element.tag == tag
    ]


def failure(source):
    with pytest.raises(ImportFailed) as raised:
        for _ in iterparse(source):
            pass
    return raised.value


class Unsized(io.RawIOBase):
    """A stream whose size cannot be known, such as a pipe."""

    def __init__(self, data):
        self.data = io.BytesIO(data)

    def readable(self):
        return True

    def readinto(self, buffer):
        chunk = self.data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_events_carry_namespaced_tags_attributes_and_lines():
    xml = (
        b'<?xml version="1.0"?>\n<disqus xmlns="http://disqus.com"'
        b' xmlns:dsq="http://disqus.com/disqus-internals">\n'
        b'  <thread dsq:id="7">\n    <title>Spasm</title>\n  </thread>\n</disqus>\n'
    )
    events = [(event, element.tag, line) for event, element, line in iterparse(io.BytesIO(xml))]

    assert events == [
        ("start", f"{DISQUS}disqus", 2),
        ("start", f"{DISQUS}thread", 3),
        ("start", f"{DISQUS}title", 4),
        ("end", f"{DISQUS}title", 4),
        ("end", f"{DISQUS}thread", 5),
        ("end", f"{DISQUS}disqus", 6),
    ]


def test_start_event_element_has_its_attributes():
    xml = b'<d xmlns:dsq="http://disqus.com/disqus-internals"><t dsq:id="7"/></d>'
    starts = [element for event, element, line in iterparse(io.BytesIO(xml)) if event == "start"]

    assert starts[1].attrib == {"{http://disqus.com/disqus-internals}id": "7"}


def test_reads_a_path_as_well_as_a_file_object():
    path = HOSTILE / "cdata-everywhere.xml"

    assert texts(path, f"{DISQUS}title") == texts(path.open("rb"), f"{DISQUS}title")


def test_element_keeps_its_children_until_the_caller_clears_it():
    xml = b"<d><post><message>hi</message><name>Ann</name></post></d>"
    for event, element, _line in iterparse(io.BytesIO(xml)):
        if event == "end" and element.tag == "post":
            assert element.findtext("message") == "hi"
            assert element.findtext("name") == "Ann"


def test_cleared_elements_are_dropped_from_their_parent():
    posts = b"".join(b"<post><message>hi</message></post>\n" for _ in range(20_000))
    xml = b"<disqus>" + posts + b"</disqus>"
    root_children = None
    for event, element, _line in iterparse(io.BytesIO(xml)):
        if event == "end" and element.tag == "post":
            element.clear()
        elif event == "end" and element.tag == "disqus":
            root_children = len(element)

    assert root_children == 0


def test_cdata_everywhere_reads_as_plain_text():
    path = HOSTILE / "cdata-everywhere.xml"

    assert texts(path, f"{DISQUS}title") == ["Tics & <spasms>"]
    assert texts(path, f"{DISQUS}message") == ["<p>It&rsquo;s &amp; <b>better</b></p>"]
    assert texts(path, f"{DISQUS}isSpam") == ["false"]


def test_billion_laughs_is_refused_at_its_first_entity():
    error = failure(HOSTILE / "billion-laughs.xml")

    assert error.line == 4
    assert "entities" in error.message


@pytest.mark.parametrize(
    "name", ["external-entity-file.xml", "external-entity-http.xml", "parameter-entity.xml"]
)
def test_external_and_parameter_entities_are_refused(name):
    error = failure(HOSTILE / name)

    assert error.line == 4
    assert "refused" in error.message


def test_entity_from_an_outside_dtd_is_refused_not_silently_left_out():
    error = failure(HOSTILE / "outside-dtd-entity.xml")

    assert error.line == 5
    assert "&secret;" in error.message


def test_truncated_file_says_it_was_cut_off():
    error = failure(HOSTILE / "truncated.xml")

    assert error.line == 9
    assert error.message == (
        "the file ends before </rss>: it may have been cut off while downloading"
    )


def test_broken_tag_is_reported_at_its_line():
    error = failure(HOSTILE / "broken-tag.xml")

    assert error.line == 6
    assert "does not match the open <link>" in error.message
    assert str(error).startswith("line 6: ")


def test_empty_file_is_refused():
    assert failure(io.BytesIO(b"")).message == "the file is empty or holds no XML"


def test_windows_1252_declared_file_keeps_its_smart_quotes():
    assert texts(HOSTILE / "windows-1252.xml", f"{DISQUS}message") == [
        "“Botox” – it’s worked for me, café and all"
    ]


def test_encoding_that_expat_does_not_know_is_decoded_by_python():
    assert texts(HOSTILE / "koi8-r.xml", f"{DISQUS}message") == ["Спасибо"]


def test_multibyte_encoding_is_read_across_chunks(monkeypatch):
    monkeypatch.setattr("portability.xmlsafe.CHUNK_SIZE", 60)
    xml = '<?xml version="1.0" encoding="shift_jis"?>\n<d>片側顔面けいれん</d>'

    assert texts(io.BytesIO(xml.encode("shift_jis")), "d") == ["片側顔面けいれん"]


def test_utf16_with_byte_order_mark_is_read():
    assert texts(HOSTILE / "utf-16.xml", f"{DISQUS}message") == ["Spasme hémifacial – “ça va”"]


def test_unknown_encoding_name_is_refused_clearly():
    error = failure(HOSTILE / "unknown-encoding.xml")

    assert error.line == 1
    assert "“no-such-encoding”" in error.message


def test_bytes_outside_the_declared_encoding_are_refused_at_their_line():
    error = failure(HOSTILE / "not-windows-1252.xml")

    assert error.line == 3
    assert "windows-1252" in error.message


def test_progress_reports_bytes_read_of_the_file_size(monkeypatch):
    monkeypatch.setattr("portability.xmlsafe.CHUNK_SIZE", 100)
    path = HOSTILE / "cdata-everywhere.xml"
    reports = []
    for _ in iterparse(path, on_progress=lambda done, total: reports.append((done, total))):
        pass

    size = path.stat().st_size
    assert len(reports) > 2
    assert reports[-1] == (size, size)
    assert [done for done, total in reports] == sorted(done for done, total in reports)


def test_progress_total_is_none_for_a_stream_of_unknown_size():
    reports = []
    for _ in iterparse(
        Unsized(b"<d>hi</d>"), on_progress=lambda done, total: reports.append((done, total))
    ):
        pass

    assert reports == [(9, None)]


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_draws_nothing_when_output_is_not_a_terminal():
    output = io.StringIO()
    bar = ProgressBar(output, 1000, "Importing")
    bar.update(500)
    bar.finish()

    assert output.getvalue() == ""


def test_progress_bar_draws_fraction_on_a_terminal_and_ends_its_line():
    output = Terminal()
    bar = ProgressBar(output, 2_000_000, "Importing")
    bar.update(1_000_000)

    assert "Importing [" in output.getvalue()
    assert "50% of 2.0 MB" in output.getvalue()
    bar.update(2_000_000)
    bar.finish()
    assert output.getvalue().endswith("100% of 2.0 MB\x1b[K\n")


def test_progress_bar_on_a_commands_stderr_redraws_one_line_uncoloured():
    output = Terminal()
    bar = ProgressBar(OutputWrapper(output), 1000, "Importing")
    bar.update(500)

    assert output.getvalue() == "\rImporting [###############---------------]  50% of 0.0 MB\x1b[K"


def test_progress_bar_of_unknown_total_shows_bytes_read():
    output = Terminal()
    ProgressBar(output, None, "Importing").update(3_500_000)

    assert "Importing 3.5 MB read" in output.getvalue()


def test_progress_bar_redraws_at_most_ten_times_a_second(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: now[0])
    output = Terminal()
    bar = ProgressBar(output, 1000, "Importing")
    for done in range(100):
        now[0] += 0.01
        bar.update(done)

    assert output.getvalue().count("\r") == 10
