// Review queue: keyboard shortcuts, and the article's evidence highlight following the active item.
//
// J/K (or N/P) move between items; A approves, R opens the reasons to reject (Enter rejects, with
// the reason picked or none; Escape closes them), E edits, H opens the history of the active item
// by pressing its own button or link, so the page works the same without this script. U undoes the
// last approval or rejection while the page offers it. X selects the item for a bulk action; ?
// opens the list of shortcuts. Keys typed into a field, or with Ctrl/Alt/Cmd, are left alone.

const KEYS = {
  j: "next",
  n: "next",
  k: "previous",
  p: "previous",
  a: "approve",
  r: "reject",
  e: "edit",
  h: "history",
  u: "undo",
  x: "select",
  "?": "help",
};

const list = document.querySelector("[data-review-list]");
if (list) {
  setUp(list);
}
setUpSelectAll();
setUpUndo();

function setUp(list) {
  const items = Array.from(list.querySelectorAll("[data-review-item]"));
  list.classList.add("is-compact");
  const article = document.querySelector("[data-article]");
  let index = Math.max(
    0,
    items.findIndex((item) => item.classList.contains("is-active")),
  );
  const arrivedAtItem = new URL(window.location.href).searchParams.has("item");
  activate(index, { focus: arrivedAtItem, scroll: arrivedAtItem });

  items.forEach((item, i) => {
    // Clicking an item's text (not its controls) or tabbing into it makes it the active one.
    item.addEventListener("click", (event) => {
      if (!event.target.closest("a, button, input, label, summary") && i !== index) {
        activate(i, { focus: false, scroll: false });
      }
    });
    item.addEventListener("focusin", () => {
      if (i !== index) {
        activate(i, { focus: false, scroll: false });
      }
    });
  });

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    const menu = event.target.closest("[data-reject][open]");
    if (event.key === "Escape" && menu) {
      menu.open = false;
      menu.querySelector("summary").focus();
      return;
    }
    if (event.target.closest("input, textarea, select, [contenteditable]")) {
      return;
    }
    const command = KEYS[event.key.length === 1 ? event.key.toLowerCase() : ""];
    if (!command) {
      return;
    }
    event.preventDefault();
    if (command === "next" || command === "previous") {
      const step = command === "next" ? 1 : -1;
      activate(Math.min(items.length - 1, Math.max(0, index + step)), { focus: true, scroll: true });
    } else if (command === "select") {
      const box = items[index]?.querySelector('input[name="ids"]');
      if (box) {
        box.checked = !box.checked;
      }
    } else if (command === "undo") {
      const undo = document.querySelector('[data-undo-toast] [data-key="undo"]');
      if (undo) {
        undo.disabled = true; // one key press, one request
        undo.form.requestSubmit();
      }
    } else if (command === "help") {
      const help = document.querySelector("[data-shortcuts]");
      if (help) {
        help.open = !help.open;
      }
    } else {
      press(items[index], command);
    }
  });

  function activate(i, { focus, scroll }) {
    const previous = items[index];
    if (previous) {
      previous.classList.remove("is-active");
      previous.removeAttribute("aria-current");
    }
    index = i;
    const item = items[index];
    if (!item) {
      return;
    }
    item.classList.add("is-active");
    item.setAttribute("aria-current", "true");
    if (focus) {
      item.focus({ preventScroll: true });
    }
    if (scroll) {
      item.scrollIntoView({ block: "nearest" });
    }
    highlight(article, Number(item.dataset.start), Number(item.dataset.end));
    const url = new URL(window.location.href);
    url.searchParams.set("item", item.dataset.id);
    url.hash = "";
    window.history.replaceState(null, "", url);
  }
}

function press(item, command) {
  const control = item?.querySelector(`[data-key="${command}"]`);
  if (!control) {
    return;
  }
  if (command === "reject") {
    const menu = control.closest("[data-reject]");
    menu.open = true; // the reasons; Enter rejects with the one picked (none by default)
    menu.querySelector("input:checked")?.focus();
    return;
  }
  if (control.form && control.type === "submit") {
    control.disabled = true; // one key press, one request
    control.form.requestSubmit();
  } else {
    control.click();
  }
}

function highlight(article, start, end) {
  if (!article || !article.hasAttribute("data-highlightable")) {
    return;
  }
  const old = article.querySelector("mark.evidence");
  if (old) {
    const paragraph = old.parentNode;
    paragraph.textContent = paragraph.textContent; // back to a single text node
  }
  if (!(end > start)) {
    return;
  }
  const paragraph = Array.from(article.querySelectorAll("p[data-start]")).find(
    (p) => Number(p.dataset.start) <= start && start < Number(p.dataset.end),
  );
  const text = paragraph?.firstChild;
  if (!text) {
    return;
  }
  const offset = Number(paragraph.dataset.start);
  const range = document.createRange();
  range.setStart(text, start - offset);
  range.setEnd(text, Math.min(end, Number(paragraph.dataset.end), offset + text.length) - offset);
  const mark = document.createElement("mark");
  mark.className = "evidence";
  mark.id = "evidence";
  range.surroundContents(mark);
  // Side by side, the article scrolls on its own: bring the sentence into its view, not the page's.
  if (article.scrollHeight > article.clientHeight + 1) {
    article.scrollTo({ top: mark.offsetTop - article.clientHeight / 3 });
  }
}

// The undo bar stays for a moment (the server allows a few minutes), then leaves the screen.
function setUpUndo() {
  const toast = document.querySelector("[data-undo-toast]");
  if (toast) {
    setTimeout(() => toast.remove(), 30000);
  }
}

function setUpSelectAll() {
  const toggle = document.querySelector("[data-select-all]");
  const box = document.querySelector("[data-select-all-box]");
  if (!toggle || !box) {
    return;
  }
  toggle.hidden = false;
  box.addEventListener("change", () => {
    document.querySelectorAll('input[name="ids"][form="bulk-form"]').forEach((input) => {
      input.checked = box.checked;
    });
  });
}
