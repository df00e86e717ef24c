// Reply links: move the comment form under the comment being answered, set its parent and say
// so in its heading, in the words the heading gives (data-reply, data-leave: translated there).
// Without this script a Reply link reloads the page (?replytocom=) with the form set to reply.
// An answer to a post (errors, preview, privacy check) is focused, should the browser not have
// done it on landing at its #comment-answer.
(() => {
  const answer = document.getElementById("comment-answer");
  if (answer && document.activeElement !== answer) answer.focus();

  const form = document.getElementById("comment-form");
  if (!form) return;
  const section = form.closest(".comment-form") || form;
  const home = document.createComment(" comment form ");
  section.before(home);
  const parent = form.elements.namedItem("parent");
  const replying = form.querySelector(".comment-form__replying");
  const name = form.querySelector(".comment-form__replying-name");
  const title = section.querySelector(".comment-form__title");

  const plainClick = (event) =>
    event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;

  // A link of the error summary: focus its field, with the field's label in view.
  const toField = (link) => {
    const field = document.getElementById(link.hash.slice(1));
    if (!field) return;
    field.focus({ preventScroll: true });
    (field.labels?.[0] || field).scrollIntoView({ block: "start" });
  };

  document.addEventListener("click", (event) => {
    const problem = event.target.closest(".form-answer__list a[href^='#']");
    if (problem && plainClick(event)) {
      event.preventDefault();
      toField(problem);
      return;
    }
    const reply = event.target.closest("a.comment__reply");
    const cancel = event.target.closest("a.comment-form__cancel");
    if (!(reply || cancel) || !plainClick(event)) return;
    event.preventDefault();
    if (reply) {
      const comment = reply.closest("li.comment");
      const author = comment.querySelector(".comment__author").textContent;
      reply.closest(".comment__card").after(section);
      parent.value = comment.id.replace("comment-", "");
      name.textContent = author;
      replying.hidden = false;
      // A function, so that "$&" or "$1" in a name is not read as a replacement pattern.
      if (title) title.textContent = title.dataset.reply.replace("{name}", () => author);
    } else {
      home.after(section);
      parent.value = "";
      replying.hidden = true;
      if (title) title.textContent = title.dataset.leave;
    }
    const first = form.elements.namedItem(parent.value ? "body" : "author_name");
    if (first) first.focus();
  });
})();

// Old comment anchors. A link to the site this one was imported from, such as
// /?p=123#comment-456, arrives here through its 301 still naming the old site's comment: when
// no comment on this page has that id, the site is asked where it is now (portability/views.py,
// which also finds one of ours that moved to another page). The page it answers with is never
// asked about again, whatever it holds, so a comment missing there cannot start a loop.
(() => {
  const asked = "old-comment-asked";
  let storage;
  try {
    storage = window.sessionStorage;
  } catch {
    return; // storage blocked: without the guard, an answer could be asked about again
  }
  const answered = storage.getItem(asked) === location.pathname;
  storage.removeItem(asked);
  const id = /^#comment-(\d+)$/.exec(location.hash)?.[1];
  if (!id || answered || document.getElementById(`comment-${id}`)) return;
  storage.setItem(asked, location.pathname);
  location.replace(`${location.pathname}old-comments/${id}/`);
})();
