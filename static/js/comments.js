// Reply links: move the comment form under the comment being answered and set its parent.
// Without this script a Reply link reloads the page (?replytocom=) with the form set to reply.
(() => {
  const form = document.getElementById("comment-form");
  if (!form) return;
  const section = form.closest(".comment-form") || form;
  const home = document.createComment(" comment form ");
  section.before(home);
  const parent = form.elements.namedItem("parent");
  const replying = form.querySelector(".comment-form__replying");
  const name = form.querySelector(".comment-form__replying-name");

  const plainClick = (event) =>
    event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;

  document.addEventListener("click", (event) => {
    const reply = event.target.closest("a.comment__reply");
    const cancel = event.target.closest("a.comment-form__cancel");
    if (!(reply || cancel) || !plainClick(event)) return;
    event.preventDefault();
    if (reply) {
      const comment = reply.closest("li.comment");
      reply.closest(".comment__card").after(section);
      parent.value = comment.id.replace("comment-", "");
      name.textContent = comment.querySelector(".comment__author").textContent;
      replying.hidden = false;
    } else {
      home.after(section);
      parent.value = "";
      replying.hidden = true;
    }
    const first = form.elements.namedItem(parent.value ? "body" : "author_name");
    if (first) first.focus();
  });
})();
