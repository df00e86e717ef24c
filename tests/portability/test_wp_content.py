"""WordPress post and comment bodies in the site's formats (portability/wp_content.py).

What readers see is checked by rendering the Markdown as the article page does
(articles/rendering.py) and reading the visible text back.
"""

import html
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from articles.rendering import markdown_to_html, render_body
from portability.wp_content import comment_text, post_markdown, rewrite_links

FILES = Path(__file__).parent / "files" / "content"
SITE = "http://hfs.example.org"
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
BLOCK_TAG = re.compile(r"</?(?:p|br|li|[uo]l|h\d|blockquote|pre|figure|figcaption|t[rdh])\b[^>]*>")


def rendered(markdown_text):
    return markdown_to_html(markdown_text)


def visible_text(markdown_text):
    """The text a reader sees, whitespace collapsed."""
    text = re.sub(BLOCK_TAG, " ", rendered(markdown_text))
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split())


def markdown_of(source, **options):
    return post_markdown(source, **options).markdown


# Paragraphs, formatting, escaping


def test_blank_line_is_a_paragraph_and_a_newline_a_line_break():
    html_out = rendered(markdown_of("First line\nsecond line\n\nNext paragraph"))

    assert html_out == "<p>First line<br>\nsecond line</p>\n<p>Next paragraph</p>"


def test_line_break_tag_ending_its_line_is_one_line_break():
    assert markdown_of("One<br />\nTwo") == markdown_of("One\nTwo") == "One  \nTwo\n"


def test_paragraph_tags_give_the_same_paragraphs_as_blank_lines():
    assert markdown_of("<p>One</p><p>Two</p>") == markdown_of("One\n\nTwo")


def test_entities_are_decoded_exactly_once():
    converted = markdown_of("Botox &amp; surgery; write &amp;amp; for an ampersand")

    assert "Botox & surgery" in converted
    assert visible_text(converted) == "Botox & surgery; write &amp; for an ampersand"


def test_numeric_entities_and_smart_quotes_become_characters():
    converted = markdown_of("It&#8217;s &#8220;rare&#8221; &ndash; \u201creally\u201d &hellip;")

    assert converted == "It\u2019s \u201crare\u201d \u2013 \u201creally\u201d \u2026\n"


@pytest.mark.parametrize(
    "text",
    [
        "# not a heading",
        "1. not a list",
        "2010. A year",
        "* not a list",
        "- not a list",
        "+ not a list",
        "> not a quote",
        "---",
        "===",
        "*stars* and **more**",
        "_underscores_ and __more__",
        "`backticks`",
        "[brackets](http://example.com) and [sic]",
        "![not an image](x.png)",
        "back\\slash \\* \\_",
        "AT&T, &copy; and &#169; as typed",
        "<b>not a tag</b> <http://example.com>",
        "a < b, <3 and x<y",
        "    indented",
    ],
)
def test_markdown_syntax_in_text_shows_as_the_same_text(text):
    converted = markdown_of(html.escape(text, quote=False))

    assert visible_text(converted) == " ".join(text.split())


def test_markdown_syntax_on_a_later_line_shows_as_the_same_text():
    converted = markdown_of("Intro\n# not a heading\n===")

    assert visible_text(converted) == "Intro # not a heading ==="


def test_underscores_inside_words_are_left_readable():
    assert markdown_of("snake_case_name") == "snake_case_name\n"


def test_headings_take_the_site_heading_levels():
    converted = markdown_of("<h1>One</h1><h2>Two</h2><h3>Three</h3><h6>Six</h6>")

    assert converted == "## One\n\n## Two\n\n### Three\n\n#### Six\n"


def test_heading_ending_in_a_hash_keeps_it():
    assert visible_text(markdown_of("<h2>Learning C#</h2>")) == "Learning C#"


def test_bold_and_italic_become_markdown_emphasis():
    converted = markdown_of("<b>bold</b>, <strong>strong</strong>, <i>it</i> and <em>em</em>")

    assert converted == "**bold**, **strong**, *it* and *em*\n"


def test_spaces_inside_emphasis_move_outside_it():
    converted = markdown_of("A<strong> bold </strong>word")

    assert rendered(converted) == "<p>A <strong>bold</strong> word</p>"


def test_link_inside_bold_keeps_both():
    converted = markdown_of('<strong>Read <a href="http://x.example/a_b">this</a></strong>')

    assert rendered(converted) == (
        '<p><strong>Read <a href="http://x.example/a_b" rel="noopener">this</a></strong></p>'
    )


def test_lists_keep_their_items_and_nesting():
    converted = markdown_of(
        "<ul><li>one</li><li>two<ol><li>first</li><li>second</li></ol></li></ul>"
    )

    assert converted == "- one\n- two\n    1. first\n    2. second\n"
    assert "<li>two<ol>\n<li>first</li>" in rendered(converted)


def test_unclosed_paragraphs_and_list_items_close_as_in_a_browser():
    converted = markdown_of("<p>One<p>Two<ul><li>a<li>b</ul>")

    assert converted == "One\n\nTwo\n\n- a\n- b\n"


def test_blockquote_keeps_its_lines():
    converted = markdown_of("<blockquote>Quoted\nsecond line</blockquote>")

    assert rendered(converted) == "<blockquote>\n<p>Quoted<br>\nsecond line</p>\n</blockquote>"


def test_preformatted_text_becomes_a_code_block_shown_as_written():
    converted = markdown_of("<pre>if a &lt; b:\n    print(*args)</pre>")

    assert rendered(converted) == "<pre><code>if a &lt; b:\n    print(*args)\n</code></pre>"


def test_inline_code_keeps_its_text():
    assert visible_text(markdown_of("Run <code>make *all*</code> now")) == "Run make *all* now"


def test_table_is_kept_as_a_table_with_its_cells():
    converted = markdown_of(
        "<table><thead><tr><th>Treatment</th></tr></thead>"
        "<tbody><tr><td>Botox &amp; <em>rest</em></td></tr></tbody></table>"
    )

    assert rendered(converted) == (
        "<table>\n<thead>\n<tr><th>Treatment</th></tr>\n</thead>\n"
        "<tbody>\n<tr><td>Botox &amp; <em>rest</em></td></tr>\n</tbody>\n</table>"
    )


def test_table_cell_keeps_its_line_breaks():
    converted = markdown_of("<table><tr><td>Morning<br>Evening</td></tr></table>")

    assert "<td>Morning<br> Evening</td>" in rendered(converted)


# Videos


@pytest.mark.parametrize(
    ("source", "url"),
    [
        (f"[embed]{YOUTUBE}[/embed]", YOUTUBE),
        ("[youtube https://youtu.be/dQw4w9WgXcQ]", "https://youtu.be/dQw4w9WgXcQ"),
        (
            "[youtube=http://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;w=320&amp;h=240]",
            "http://www.youtube.com/watch?v=dQw4w9WgXcQ&w=320&h=240",
        ),
        ("[vimeo https://vimeo.com/76979871]", "https://vimeo.com/76979871"),
        ("[vimeo 76979871]", "https://vimeo.com/76979871"),
        (f'[video src="{YOUTUBE}"]', YOUTUBE),
        (f"Before\n{YOUTUBE}\nafter", YOUTUBE),
        (
            '<iframe width="560" src="//www.youtube.com/embed/dQw4w9WgXcQ?rel=0"></iframe>',
            "https://www.youtube.com/embed/dQw4w9WgXcQ?rel=0",
        ),
        (
            '<object width="425"><param name="movie" value="http://www.youtube.com/v/dQw4w9WgXcQ'
            '&amp;hl=en&amp;fs=1"></param><embed src="http://www.youtube.com/v/dQw4w9WgXcQ&amp;'
            'hl=en&amp;fs=1" type="application/x-shockwave-flash"></embed></object>',
            "http://www.youtube.com/v/dQw4w9WgXcQ",
        ),
    ],
)
def test_youtube_and_vimeo_embeds_become_video_blocks(source, url):
    converted = post_markdown(source)

    assert [video.url for video in converted.videos] == [url]
    assert "\n\n[video: video-1]\n" in f"\n\n{converted.markdown}"


def test_video_blocks_get_keys_unique_in_the_post():
    converted = post_markdown(f"{YOUTUBE}\n\n[vimeo 76979871]\n\n[embed]{YOUTUBE}[/embed]")

    assert [video.key for video in converted.videos] == ["video-1", "video-2", "video-3"]
    assert converted.markdown == "[video: video-1]\n\n[video: video-2]\n\n[video: video-3]\n"


def test_video_marker_is_placed_as_a_video_by_the_article_renderer():
    converted = post_markdown(f"Watch this:\n\n{YOUTUBE}\n\nThen read on.")
    player = SimpleNamespace(source="YouTube", missing_note="")

    parts = render_body(converted.markdown, {"video-1": player})

    assert [kind for kind, _ in parts] == ["html", "video", "html"]


def test_video_inside_a_paragraph_splits_it():
    converted = post_markdown(f"Before [embed]{YOUTUBE}[/embed] after")

    assert converted.markdown == "Before\n\n[video: video-1]\n\nafter\n"


def test_address_within_a_sentence_is_not_a_video():
    converted = post_markdown(f"See {YOUTUBE} for more")

    assert converted.videos == []
    assert visible_text(converted.markdown) == f"See {YOUTUBE} for more"


def test_address_after_other_text_on_its_line_is_not_a_video():
    converted = post_markdown(f"<strong>Watch:</strong> {YOUTUBE}")

    assert converted.videos == []


def test_video_caption_is_video_unless_the_source_names_it():
    untitled = post_markdown(f"[embed]{YOUTUBE}[/embed]")
    titled = post_markdown('[vimeo 76979871 title="What surgery is like"]')

    assert untitled.videos[0].caption == "Video"
    assert titled.videos[0].caption == "What surgery is like"


def test_link_to_a_video_alone_on_its_line_becomes_a_video_captioned_by_its_text():
    converted = post_markdown(f'<p><a href="{YOUTUBE}">A severe case</a></p>')

    assert converted.markdown == "[video: video-1]\n"
    assert converted.videos[0].caption == "A severe case"


def test_link_to_a_video_inside_a_sentence_stays_a_link():
    converted = post_markdown(f'See <a href="{YOUTUBE}">this case</a> first.')

    assert converted.videos == []
    assert converted.markdown == f"See [this case]({YOUTUBE}) first.\n"


def test_embed_of_another_site_is_kept_as_a_link_with_a_note():
    converted = post_markdown("[embed]https://twitter.com/hfs/status/1[/embed]")

    assert converted.videos == []
    assert converted.markdown == (
        "[https://twitter.com/hfs/status/1](https://twitter.com/hfs/status/1)\n"
    )
    assert converted.notes == [
        "kept [embed] https://twitter.com/hfs/status/1 as a link: only YouTube and Vimeo "
        "videos play here"
    ]


def test_iframe_of_another_site_is_removed_with_a_note():
    converted = post_markdown('<iframe src="https://maps.example.com/embed?q=x">Map</iframe>')

    assert converted.markdown == ""
    assert converted.notes == ["removed <iframe> of https://maps.example.com/embed?q=x"]


def test_video_inside_a_list_is_placed_after_the_list():
    converted = post_markdown(f"<ul><li>One</li><li>[embed]{YOUTUBE}[/embed]</li></ul>")

    assert converted.markdown == "- One\n\n[video: video-1]\n"


def test_block_editor_embed_caption_becomes_the_video_caption():
    converted = post_markdown((FILES / "block-editor-post.html").read_text(), site_url=SITE)

    assert [(v.url, v.caption) for v in converted.videos] == [
        ("https://vimeo.com/76979871", "A surgeon explains the operation")
    ]
    assert "A surgeon explains" not in converted.markdown


# Captions and images


def test_caption_shortcode_becomes_a_figure_with_the_image_as_a_link():
    converted = post_markdown(
        '[caption id="attachment_12" align="aligncenter" width="300"]<a href="'
        f'{SITE}/wp-content/uploads/eye.jpg"><img src="{SITE}/wp-content/uploads/eye-300x225.jpg"'
        ' alt="Twitching eye" width="300" /></a> Where it &amp; starts[/caption]'
    )

    assert rendered(converted.markdown) == (
        f'<figure><a href="{SITE}/wp-content/uploads/eye.jpg" rel="noopener">Image: Twitching eye'
        "</a><figcaption>Where it &amp; starts</figcaption></figure>"
    )


def test_caption_given_as_an_attribute_is_the_figure_caption():
    converted = post_markdown(
        '[caption id="" align="alignleft" width="200" caption="An old &amp; famous drawing"]'
        '<img src="http://img.example.com/drawing.png" alt="" />[/caption]'
    )

    assert "<figcaption>An old &amp; famous drawing</figcaption>" in rendered(converted.markdown)


def test_caption_attribute_with_curled_quotes_is_read():
    converted = post_markdown(
        '[caption id=”” align=”alignleft” caption=”The nerve”]<img src="http://x.example/n.png"'
        ' alt="Nerve" />[/caption]'
    )

    assert "<figcaption>The nerve</figcaption>" in converted.markdown
    assert converted.notes == ["kept image http://x.example/n.png as a link"]


def test_figure_in_a_list_becomes_a_link_with_its_caption_below():
    converted = post_markdown(
        '<ul><li>[caption]<img src="http://x.example/n.png" alt="Nerve" /> The nerve[/caption]'
        "</li></ul>"
    )

    assert converted.markdown == "- [Image: Nerve](http://x.example/n.png)  \n    The nerve\n"


def test_image_outside_a_caption_becomes_a_link_with_a_note():
    converted = post_markdown(
        'Look: <img src="http://img.example.com/a.jpg" alt="A face" onerror="x()">'
    )

    assert converted.markdown == "Look: [Image: A face](http://img.example.com/a.jpg)\n"
    assert converted.notes == ["kept image http://img.example.com/a.jpg as a link"]


def test_image_without_alt_text_is_named_by_its_file():
    converted = post_markdown('<img src="http://img.example.com/photos/eye-2010.jpg">')

    assert (
        converted.markdown == "[Image: eye-2010.jpg](http://img.example.com/photos/eye-2010.jpg)\n"
    )


def test_relative_image_address_points_at_the_old_blog():
    converted = post_markdown('<img src="/wp-content/uploads/a.png" alt="A">', site_url=SITE)

    assert converted.markdown == f"[Image: A]({SITE}/wp-content/uploads/a.png)\n"


# Shortcodes


def test_known_shortcode_is_removed_with_a_note():
    converted = post_markdown('Photos:\n\n[gallery ids="1,2,3"]\n\nThe end.')

    assert converted.markdown == "Photos:\n\nThe end.\n"
    assert converted.notes == ['removed shortcode [gallery ids="1,2,3"]']


def test_enclosing_shortcode_is_removed_keeping_its_text_with_one_note():
    converted = post_markdown('[box type="warning"]See your doctor first.[/box]')

    assert converted.markdown == "See your doctor first.\n"
    assert converted.notes == ['removed shortcode [box type="warning"] (its text kept)']


def test_unknown_shortcode_with_attributes_is_removed():
    converted = post_markdown('Before [contact-form-7 id="4" title="Contact form 1"] after')

    assert converted.markdown == "Before after\n"


def test_stray_closing_shortcode_is_removed_with_a_note():
    converted = post_markdown("Text[/column]")

    assert converted.markdown == "Text\n"
    assert converted.notes == ["removed shortcode [/column]"]


@pytest.mark.parametrize(
    "text",
    [
        "He wrote “teh” [sic] twice.",
        "As shown before [1] and [23].",
        "Botox helps [citation needed].",
        "[Updated: May 2011] New results.",
        "[...] and then [Note] the end.",
        "Use [a/b] or [x-y].",
    ],
)
def test_bracketed_words_in_prose_are_not_shortcodes(text):
    converted = post_markdown(text)

    assert visible_text(converted.markdown) == text
    assert converted.notes == []


def test_double_brackets_show_a_shortcode_as_text():
    converted = post_markdown("Write [[gallery]] to show photos.")

    assert visible_text(converted.markdown) == "Write [gallery] to show photos."
    assert converted.notes == []


# Links


@pytest.mark.parametrize(
    "old",
    [
        "http://hfs.example.org/2010/06/botox/",
        "https://hfs.example.org/2010/06/botox/",
        "http://www.hfs.example.org/2010/06/botox/",
        "/2010/06/botox/",
    ],
)
def test_links_to_the_old_blog_point_at_the_new_address(old):
    asked = []

    def link_for(url):
        asked.append(url)
        return "/botox/"

    converted = post_markdown(f'<a href="{old}">Botox</a>', site_url=SITE, link_for=link_for)

    assert converted.markdown == "[Botox](/botox/)\n"
    assert asked[0].endswith("/2010/06/botox/")


def test_old_blog_link_without_a_new_address_is_kept_absolute():
    converted = post_markdown(
        '<a href="/wp-content/uploads/leaflet.pdf">Leaflet</a>',
        site_url=SITE,
        link_for=lambda url: None,
    )

    assert converted.markdown == f"[Leaflet]({SITE}/wp-content/uploads/leaflet.pdf)\n"


def test_links_to_other_sites_are_kept_and_not_looked_up():
    asked = []
    converted = post_markdown(
        '<a href="https://en.wikipedia.org/wiki/Hemifacial_spasm">Wikipedia</a>',
        site_url=SITE,
        link_for=asked.append,
    )

    assert converted.markdown == "[Wikipedia](https://en.wikipedia.org/wiki/Hemifacial_spasm)\n"
    assert asked == []


def test_rewrite_links_changes_figure_links_too():
    figure = f'<figure><a href="{SITE}/?attachment_id=5">Image: A</a></figure>\n'

    assert rewrite_links(figure, site_url=SITE, link_for=lambda url: "/a/") == (
        '<figure><a href="/a/">Image: A</a></figure>\n'
    )


def test_rewrite_links_a_second_time_changes_nothing():
    once = rewrite_links(f"[Botox]({SITE}/botox/)\n", site_url=SITE, link_for=lambda u: "/botox/")

    assert rewrite_links(once, site_url=SITE, link_for=lambda url: "/elsewhere/") == once


def test_rewrite_links_leaves_escaped_text_alone():
    text = markdown_of(f"Not a link: [x]({SITE}/botox/)")

    assert rewrite_links(text, site_url=SITE, link_for=lambda url: "/new/") == text


def test_javascript_link_keeps_only_its_text():
    converted = post_markdown('<a href="javascript:alert(1)">Click</a>')

    assert converted.markdown == "Click\n"
    assert converted.notes == ["removed a javascript: link"]


# What never shows


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert('secret')</script>",
        "<style>.secret { color: red }</style>",
        "<form><input value='secret'><textarea>secret</textarea><button>secret</button></form>",
        "<noscript>secret</noscript>",
    ],
)
def test_scripts_styles_and_forms_leave_no_text(source):
    converted = post_markdown(f"Visible{source} text")

    assert "secret" not in converted.markdown
    assert visible_text(converted.markdown) == "Visible text"
    assert converted.notes


def test_event_handlers_are_not_kept():
    converted = post_markdown(
        '<p onclick="steal()">Hi <a href="http://x.example/" onmouseover="s()">x</a></p>'
    )

    assert "steal" not in converted.markdown
    assert "onmouseover" not in converted.markdown


# Whole posts


def test_classic_editor_post_reads_as_it_did_on_the_blog():
    converted = post_markdown(
        (FILES / "classic-editor-post.html").read_text(),
        site_url=SITE,
        link_for=lambda url: "/botox-experience/" if "botox" in url else None,
    )

    assert visible_text(converted.markdown) == (
        "Do you think you have hemifacial spasm? The video below shows a more serious case \u2013 "
        "it\u2019s characterized by muscle spasms on one side of the face. [video: video-1] "
        "Treatment options Botox & surgery are the two main options [1]. "
        "Image: Twitching eye The spasm usually starts around the eye "
        "See also my botox experience and Wikipedia."
    )
    assert "[my botox experience](/botox-experience/)" in converted.markdown
    assert [video.url for video in converted.videos] == [
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ"
    ]
    assert converted.notes == [
        'removed shortcode [gallery link="file" columns="2"]',
        f"kept image {SITE}/wp-content/uploads/2010/05/eye.jpg as a link",
    ]


def test_block_editor_post_reads_as_it_did_on_the_blog():
    converted = post_markdown((FILES / "block-editor-post.html").read_text(), site_url=SITE)

    assert converted.markdown == (
        "Readers asked what the operation is like.\n\n"
        "## Microvascular decompression\n\n"
        "[video: video-1]\n\n"
        "- Ask about the risks\n"
        "- Ask about **recovery time**\n\n"
        f'<figure><a href="{SITE}/wp-content/uploads/2019/03/scan.png">Image: MRI scan</a>'
        "<figcaption>The artery pressing on the nerve</figcaption></figure>\n"
    )


# Comments


@pytest.mark.parametrize(
    "text",
    [
        "Thanks! <3",
        "If a < b and b > c then a < c.",
        "R&D, AT&T and &copy without a semicolon",
        "First paragraph.\n\nSecond, with a\nline break.",
        "Costs <$100 at most",
    ],
)
def test_plain_comment_comes_back_unchanged(text):
    assert comment_text(f"  {text}\n") == text


def test_comment_br_is_a_line_break():
    assert comment_text("One<br />\nTwo<br>Three") == "One\nTwo\nThree"


def test_comment_paragraph_tags_are_paragraphs():
    assert comment_text("<p>One</p>\n<p>Two</p>") == "One\n\nTwo"


def test_comment_entities_are_decoded_once():
    assert comment_text("Tom &amp; Jerry &amp;amp; &#8220;quotes&#8221; &lt;b&gt;") == (
        "Tom & Jerry &amp; “quotes” <b>"
    )


def test_comment_tags_are_removed():
    assert comment_text("<b>Bold</b> and <em>it</em>") == "Bold and it"


def test_comment_link_keeps_its_address_when_its_text_differs():
    assert comment_text('See <a href="https://example.org/page" rel="nofollow">this page</a>') == (
        "See this page (https://example.org/page)"
    )


def test_comment_link_showing_its_own_address_is_not_repeated():
    assert comment_text('<a href="http://www.example.org/">example.org</a>') == "example.org"


def test_comment_blank_line_runs_collapse_to_one():
    assert comment_text("One\n\n\n\n<p></p>\n\nTwo") == "One\n\nTwo"


def test_comment_script_leaves_no_text():
    assert comment_text("Hi<script>alert('x')</script> there") == "Hi there"
