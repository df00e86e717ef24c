// "Remember my name and email on this device": fill the comment form's empty name and email
// fields with what this browser remembers, and offer to forget them. The page is the same for
// every reader, so they come from a private address, asked only when the flag cookie says
// there is something to ask for (comments/remember.py). Without this script the form is empty.
// What it says comes from the form's section (data-remembered and the others), translated there.
(() => {
  // The addresses of comments/urls.py's "remembered" and "forget" (a test keeps them equal).
  const REMEMBERED = "/comments/remembered/";
  const FORGET = "/comments/forget-me/";
  const FLAG = "hfs_remembered=1";

  const form = document.getElementById("comment-form");
  if (!form || !document.cookie.split("; ").includes(FLAG)) return;
  const name = form.elements.namedItem("author_name");
  const email = form.elements.namedItem("author_email");
  const box = form.elements.namedItem("remember_me");
  const says = (form.closest(".comment-form") || form).dataset;

  const offerToForget = (remembered) => {
    const note = document.createElement("p");
    note.className = "comment-form__remembered";
    const status = document.createElement("span");
    status.setAttribute("role", "status");
    status.textContent = says.remembered;
    const forget = document.createElement("button");
    forget.type = "button";
    forget.className = "btn btn-secondary comment-form__forget";
    forget.textContent = says.forget;
    note.append(status, " ", forget);
    (box ? box.closest(".mb-3") || box : email).after(note);

    forget.addEventListener("click", () => {
      forget.disabled = true;
      fetch(FORGET, { method: "POST", credentials: "same-origin" })
        .then((response) => {
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          if (name && name.value === remembered.name) name.value = "";
          if (email && email.value === remembered.email) email.value = "";
          if (box) box.checked = false;
          forget.remove();
          status.textContent = says.forgotten;
        })
        .catch(() => {
          forget.disabled = false;
          status.textContent = says.forgetFailed;
        });
    });
  };

  fetch(REMEMBERED, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : {}))
    .then((remembered) => {
      if (!remembered.name && !remembered.email) {
        document.cookie = "hfs_remembered=; Max-Age=0; Path=/; SameSite=Lax";
        return;
      }
      if (name && !name.value) name.value = remembered.name || "";
      if (email && !email.value) email.value = remembered.email || "";
      if (box) box.checked = true;
      offerToForget(remembered);
    })
    .catch(() => {});
})();
