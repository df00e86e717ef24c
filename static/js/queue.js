// The moderation queue (templates/admin/comments/comment/queue.html): decisions without a
// reload, and keyboard shortcuts. Without this script each button is a plain form post (CSRF
// token in the form) that comes back to the queue with an Undo button; with it, the same post
// is sent by fetch and the row becomes a line "Approved · Undo". Its words are the server's
// answers and the queue element's data-undo, data-decided and data-decided-last, translated there.
(() => {
  const queue = document.querySelector("[data-queue]");
  if (!queue) return;
  const live = document.getElementById("queue-live");
  const { undoUrl, undo: undoLabel, decided: decidedText, decidedLast } = queue.dataset;
  const originals = new WeakMap(); // a decided row's line -> the row, put back by Undo
  let lastUndo = queue.querySelector(".queue-undo button"); // what "u" presses

  const rows = () => Array.from(queue.querySelectorAll("[data-queue-row]"));
  const isDone = (row) => row.classList.contains("queue-row--done");
  const say = (text) => {
    live.textContent = text;
  };
  // A function, so that "$&" in a message is not read as a replacement pattern.
  const sentence = (text, message) => text.replace("{message}", () => message);

  const current = () => {
    const focused = document.activeElement?.closest?.("[data-queue-row]");
    return focused || queue.querySelector("[data-queue-row].is-current");
  };

  const select = (row) => {
    if (!row) return;
    for (const other of rows()) other.classList.toggle("is-current", other === row);
    row.focus();
  };

  // The next row still waiting from `row` in direction `step` (1 or -1), or the first one.
  const next = (row, step) => {
    const all = rows();
    let at = row ? all.indexOf(row) + step : step > 0 ? 0 : all.length - 1;
    for (; at >= 0 && at < all.length; at += step) if (!isDone(all[at])) return all[at];
    return null;
  };

  const waitingCurrent = () => {
    const row = current();
    return row && !isDone(row) ? row : next(row, 1);
  };

  const send = async (form, submitter) => {
    // getAttribute: the row's buttons are named "action", which form.action would return.
    const response = await fetch(form.getAttribute("action"), {
      method: "POST",
      body: new FormData(form, submitter),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    // Anything else (a sign-in page, a CSRF refusal) is for the browser to show: posted again.
    if (!(response.headers.get("Content-Type") || "").startsWith("application/json")) {
      throw new Error("Not the queue's answer");
    }
    return { ok: response.ok, data: await response.json() };
  };

  const hidden = (name, value) => {
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    return input;
  };

  // The row becomes "Approved · Undo", and the next waiting row is the current one.
  const decided = (row, form, message, token) => {
    const following = next(row, 1) || next(row, -1);
    const line = document.createElement("li");
    line.className = "queue-row queue-row--done";
    line.tabIndex = -1;
    line.dataset.queueRow = "";
    const undo = document.createElement("form");
    undo.setAttribute("method", "post");
    undo.setAttribute("action", undoUrl);
    undo.dataset.queueUndoForm = "";
    undo.append(
      hidden("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value),
      hidden("token", token),
    );
    const text = document.createElement("p");
    const button = document.createElement("button");
    button.type = "submit";
    button.className = "queue-button";
    button.textContent = undoLabel;
    text.append(`${message} · `, button);
    undo.append(text);
    line.append(undo);
    originals.set(line, row);
    row.replaceWith(line);
    lastUndo = button;
    if (following) select(following);
    else line.focus();
    say(sentence(following ? decidedText : decidedLast, message));
  };

  const undone = (form, message) => {
    const line = form.closest("[data-queue-row]");
    const row = originals.get(line);
    line.replaceWith(row);
    if (lastUndo && !document.contains(lastUndo)) lastUndo = null;
    select(row);
    say(message);
  };

  const refused = (form, message) => {
    say(message);
    const decline = form.querySelector("[data-queue-decline]");
    if (decline && decline.open) decline.querySelector("select").focus();
  };

  queue.addEventListener("submit", async (event) => {
    const form = event.target;
    const action = form.matches("[data-queue-action]");
    if (!(action || form.matches("[data-queue-undo-form]")) || form.dataset.plain) return;
    event.preventDefault();
    if (form.dataset.busy) return;
    form.dataset.busy = "yes";
    const submitter = event.submitter;
    try {
      const { ok, data } = await send(form, submitter);
      if (!ok) refused(form, data.message);
      else if (action) decided(form.closest("[data-queue-row]"), form, data.message, data.undo);
      else undone(form, data.message);
    } catch {
      form.dataset.plain = "yes";
      form.requestSubmit(submitter);
    } finally {
      delete form.dataset.busy;
    }
  });

  queue.addEventListener("focusin", (event) => {
    const row = event.target.closest("[data-queue-row]");
    if (row) for (const other of rows()) other.classList.toggle("is-current", other === row);
  });

  const press = (value) => {
    const row = waitingCurrent();
    const button = row?.querySelector(`button[value="${value}"]`);
    if (button) button.form.requestSubmit(button);
  };

  const keys = {
    j: () => select(next(current(), 1)),
    k: () => select(next(current(), -1)),
    a: () => press("approve"),
    s: () => press("spam"),
    r: () => press("remove"),
    d: () => {
      const row = waitingCurrent();
      const decline = row?.querySelector("[data-queue-decline]");
      if (!decline) return;
      select(row);
      decline.open = true;
      decline.querySelector("select").focus();
    },
    u: () => {
      if (lastUndo && document.contains(lastUndo)) lastUndo.form.requestSubmit(lastUndo);
    },
  };

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.repeat || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    const target = event.target;
    const typing =
      target instanceof Element &&
      (target.closest("input, textarea, select") || target.isContentEditable);
    const handle = keys[event.key];
    if (typing || !handle) return;
    event.preventDefault();
    handle();
  });
})();
