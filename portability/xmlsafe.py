"""Streaming, safe reading of the XML exports that the importers read (wxr.py, disqus.py).

An export comes from somewhere else and may be huge, cut off, in an old encoding or hostile,
so this reader:
- streams: it reads the file in chunks and hands out elements as they close, and keeps none
  that the caller has cleared, so memory stays flat however long the file;
- expands no entities and loads nothing: a file that declares entities is refused (the
  "billion laughs" and external-entity attacks both need a declaration; WordPress and Disqus
  never write one), external references are refused, and no DTD is read;
- reads any encoding Python knows, not only the few that expat decodes itself;
- turns every failure into an ImportFailed that names the line.

The guards are the ones defusedxml sets (EntityDeclHandler, UnparsedEntityDeclHandler,
ExternalEntityRefHandler on a pyexpat parser), set here on the standard library's pyexpat
directly because only it tells the line of each event, which the summary and the errors point
at.
"""

import codecs
import os
import re
from functools import lru_cache
from xml.etree.ElementTree import TreeBuilder
from xml.parsers import expat

from portability.records import ImportFailed

CHUNK_SIZE = 256 * 1024

# The encodings that expat decodes itself (it knows their names only in these spellings);
# anything else is decoded by Python's codecs and handed to expat as UTF-8.
EXPAT_ENCODINGS = {"utf-8", "utf-16", "utf-16le", "utf-16be", "iso-8859-1", "us-ascii"}

XML_DECLARATION_ENCODING = re.compile(
    rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']*)["']"""
)

ENTITIES_REFUSED = (
    "the file declares XML entities (<!ENTITY ...>), which are refused: exports from "
    "WordPress and Disqus never have them, and they are how hostile files blow up in memory "
    "or read other files"
)


def iterparse(source, *, on_progress=None):
    """Yield ("start" | "end", element, line) for each element of the XML file `source`
    (a path or a binary file object), in file order.

    Elements are xml.etree.ElementTree elements with namespaced tags ("{uri}local"). At its
    "start" an element has its attributes only; at its "end" it has its text and children.
    Call element.clear() once done with an element (at its "end"): it is then dropped from
    its parent as well, which is what keeps memory flat; an element not cleared stays in its
    parent until the parent is cleared.

    `on_progress(bytes_read, total_bytes)` is called after each chunk read (total_bytes is
    None when the size of `source` cannot be known).

    Raises ImportFailed, with the line, for a broken, truncated or hostile file.
    """
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as file:
            yield from _iterparse_file(file, on_progress)
    else:
        yield from _iterparse_file(source, on_progress)


def _iterparse_file(file, on_progress):
    total = _size(file)
    done = 0
    first = file.read(CHUNK_SIZE)
    declared_encoding = _declared_encoding(first)
    decoder = _decoder_for(declared_encoding)
    parser = _safe_parser(encoding="utf-8" if decoder else None)
    builder = TreeBuilder()
    open_elements = []
    events = []

    def start(tag, attributes):
        if attributes:
            attributes = {_expanded(key): value for key, value in attributes.items()}
        element = builder.start(_expanded(tag), attributes)
        open_elements.append(element)
        events.append(("start", element, parser.CurrentLineNumber, None))

    def end(tag):
        element = builder.end(_expanded(tag))
        open_elements.pop()
        parent = open_elements[-1] if open_elements else None
        events.append(("end", element, parser.CurrentLineNumber, parent))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data

    chunk = first
    while True:
        done += len(chunk)
        final = not chunk
        try:
            data = decoder.decode(chunk, final=final).encode() if decoder else chunk
        except UnicodeDecodeError as error:
            line = parser.CurrentLineNumber + chunk[: error.start].count(b"\n")
            raise ImportFailed(
                f"the file holds bytes that are not {declared_encoding}, the encoding it declares",
                line,
            ) from None
        try:
            parser.Parse(data, final)
        except expat.ExpatError as error:
            raise ImportFailed(_plain_message(error, open_elements), error.lineno) from None
        # Cleared elements are dropped from their parents in one pass per chunk, and before
        # the parent's own end, as removing them one by one would scan the parent each time.
        cleared = {}  # id(parent) -> (parent, ids of its children that the caller cleared)
        for event, element, line, parent in events:
            if event == "start":
                yield event, element, line
                continue
            if id(element) in cleared:
                _drop_children(*cleared.pop(id(element)))
            had_content = _has_content(element)
            yield event, element, line
            if had_content and parent is not None and not _has_content(element):
                cleared.setdefault(id(parent), (parent, set()))[1].add(id(element))
        for parent, children in cleared.values():
            _drop_children(parent, children)
        events.clear()
        if final:
            return
        if on_progress:
            on_progress(done, total)
        chunk = file.read(CHUNK_SIZE)


def _safe_parser(*, encoding):
    parser = expat.ParserCreate(encoding, namespace_separator="}")
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

    def refuse_entities(*args):
        raise ImportFailed(ENTITIES_REFUSED, parser.CurrentLineNumber)

    def refuse_external(context, base, system_id, public_id):
        raise ImportFailed(
            f"the file refers to an outside resource ({system_id}), which is never read",
            parser.CurrentLineNumber,
        )

    def refuse_undefined_entity(name, is_parameter_entity):
        # expat skips (leaves out) an entity it has no declaration for when the file names
        # an outside DTD, which is never read: refused rather than silently losing text.
        raise ImportFailed(
            f"the file uses the entity &{name}; defined in an outside DTD, which is never read",
            parser.CurrentLineNumber,
        )

    parser.EntityDeclHandler = refuse_entities
    parser.UnparsedEntityDeclHandler = refuse_entities
    parser.ExternalEntityRefHandler = refuse_external
    parser.SkippedEntityHandler = refuse_undefined_entity
    return parser


def _declared_encoding(head):
    """The encoding named in the XML declaration at the start of `head`, or None."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"<\0", b"\0<")):
        return None  # UTF-16: expat reads the declaration itself
    declared = XML_DECLARATION_ENCODING.match(head)
    return declared.group(1).decode("ascii", "replace") if declared else None


def _decoder_for(encoding):
    """A decoder for a declared encoding that expat does not know itself (its output is
    handed to expat as UTF-8); None when expat reads the file as it is."""
    if encoding is None or encoding.lower() in EXPAT_ENCODINGS:
        return None
    try:
        b"<".decode(encoding)  # refuses unknown names and codecs that are not text encodings
    except (LookupError, UnicodeDecodeError):
        raise ImportFailed(
            f"the file declares the encoding “{encoding}”, which is not a known encoding name "
            "(or not one that XML can be written in)",
            1,
        ) from None
    return codecs.getincrementaldecoder(encoding)()


def _size(file):
    try:
        return os.fstat(file.fileno()).st_size - file.tell()
    except (AttributeError, OSError, ValueError):
        pass
    if getattr(file, "seekable", lambda: False)():
        here = file.tell()
        end = file.seek(0, os.SEEK_END)
        file.seek(here)
        return end - here
    return None


@lru_cache(maxsize=1024)
def _expanded(name):
    # expat gives "uri}local" for a namespaced name; ElementTree spells it "{uri}local".
    return "{" + name if "}" in name else name


def _has_content(element):
    return len(element) or element.text is not None or element.attrib


FILE_ENDS_EARLY = {
    expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS],
    expat.errors.codes[expat.errors.XML_ERROR_UNCLOSED_TOKEN],
    expat.errors.codes[expat.errors.XML_ERROR_UNCLOSED_CDATA_SECTION],
}


def _drop_children(parent, ids):
    parent[:] = [child for child in parent if id(child) not in ids]


def _plain_message(error, open_elements):
    def local_name(element):
        return element.tag.rpartition("}")[2]

    if error.code in FILE_ENDS_EARLY and open_elements:
        return (
            f"the file ends before </{local_name(open_elements[0])}>: "
            "it may have been cut off while downloading"
        )
    if error.code == expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS]:
        return "the file is empty or holds no XML"
    column = error.offset + 1
    if error.code == expat.errors.codes[expat.errors.XML_ERROR_TAG_MISMATCH]:
        return (
            f"a closing tag does not match the open <{local_name(open_elements[-1])}> "
            f"(column {column})"
        )
    if error.code == expat.errors.codes[expat.errors.XML_ERROR_UNDEFINED_ENTITY]:
        return (
            f"an entity that XML does not define, such as &nbsp;, outside CDATA (column {column})"
        )
    reason = expat.errors.messages[error.code]
    return f"the file is not well-formed XML here: {reason} (column {column})"
