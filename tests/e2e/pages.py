"""What the journeys do on a page, written once."""

import re


def field(form, label):
    """The form field with this label; a required field's label ends in "*"."""
    return form.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def comment_form(page):
    return page.locator("#comment-form")


def post_comment(page, *, body, name="Maria", email="maria@example.com"):
    """Fill the comment form on the open page and send it; email="" leaves it out."""
    form = comment_form(page)
    field(form, "Name").fill(name)
    field(form, "Email").fill(email)
    field(form, "Comment").fill(body)
    form.get_by_role("button", name="Post comment").click()
