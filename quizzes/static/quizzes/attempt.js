// Taking a quiz: autosave every change, keep the navigator and the flags current, keep the timer,
// ask "Submit all and finish?" in a dialog, finish when time is up.
//
// The page works without this module (plain form posts save the answers and the flags; the
// confirmation is a page of its own). With it, each change is sent at once to
// PUT /api/v1/attempts/{id}/responses/{slot}/ with a sequence number one above the stored one. One
// save per question is in flight at a time, so a question's saves arrive in order; a 409 with a
// sequence means another tab or device saved a newer answer, and the page says so instead of
// overwriting it. A flag goes to PUT …/responses/{slot}/flag/. In a preview (data-preview) nothing
// is sent: answers and flags travel with the form.

const form = document.querySelector("[data-attempt-form]");
const finishForm = document.querySelector("[data-finish-form]");
const csrf = document.querySelector("input[name=csrfmiddlewaretoken]")?.value ?? "";
const preview = form?.hasAttribute("data-preview") ?? false;

function answerOf(fieldset) {
  const type = fieldset.dataset.type;
  const slot = fieldset.dataset.slot;
  if (type === "mcq_multi") {
    return [...fieldset.querySelectorAll(`input[name="answer-${slot}"]:checked`)].map((i) => i.value);
  }
  if (type === "cloze") {
    const parts = [...fieldset.querySelectorAll("input.quiz-blank")].map((i) => i.value);
    return parts.some((p) => p.trim()) ? parts : null;
  }
  if (type === "mcq" || type === "true_false") {
    const picked = fieldset.querySelector(`input[name="answer-${slot}"]:checked`);
    if (!picked) return null;
    return type === "true_false" ? picked.value === "true" : picked.value;
  }
  const text = fieldset.querySelector(`input[name="answer-${slot}"]`);
  return text && text.value.trim() ? text.value : null;
}

function isAnswered(fieldset) {
  const answer = answerOf(fieldset);
  return answer !== null && !(Array.isArray(answer) && answer.length === 0);
}

function setStatus(fieldset, text, isError = false) {
  const status = fieldset.querySelector("[data-status]");
  if (!status) return;
  status.textContent = text;
  status.classList.toggle("quiz-save-error", isError);
}

function showConflict(message, reload) {
  const box = document.querySelector("[data-conflict]");
  if (!box) return;
  box.replaceChildren(document.createTextNode(message + " "));
  if (reload) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Reload the latest answers";
    button.addEventListener("click", () => window.location.reload());
    box.append(button);
  }
  box.hidden = false;
}

// --- The navigator: one item per question (all pages), answered and flagged, kept current.
const navigator_ = document.querySelector("[data-navigator]");
const navItems = new Map(); // slot -> navigator item
for (const item of navigator_?.querySelectorAll("[data-nav-slot]") ?? []) {
  navItems.set(item.dataset.navSlot, item);
}

function drawNavItem(slot) {
  const item = navItems.get(slot);
  if (!item) return;
  const answered = item.classList.contains("is-answered");
  const flagged = item.classList.contains("is-flagged");
  const state = item.querySelector("[data-nav-state]");
  if (state) state.textContent = `${answered ? ", answered" : ", not answered"}${flagged ? ", flagged" : ""}`;
}

function drawCounts() {
  if (!navigator_) return;
  const items = [...navItems.values()];
  const answered = items.filter((i) => i.classList.contains("is-answered")).length;
  const flagged = items.filter((i) => i.classList.contains("is-flagged")).length;
  const counter = navigator_.querySelector("[data-answered]");
  if (counter) counter.textContent = String(answered);
  const flagCount = navigator_.querySelector("[data-flagged]");
  if (flagCount) flagCount.textContent = String(flagged);
  const flagSummary = navigator_.querySelector("[data-flag-summary]");
  if (flagSummary) flagSummary.hidden = flagged === 0;
}

function markAnswered(fieldset) {
  const slot = fieldset.dataset.slot;
  navItems.get(slot)?.classList.toggle("is-answered", isAnswered(fieldset));
  drawNavItem(slot);
  drawCounts();
}

function markFlagged(slot, flagged) {
  navItems.get(slot)?.classList.toggle("is-flagged", flagged);
  drawNavItem(slot);
  drawCounts();
}

// On a phone the navigator is a strip that scrolls sideways: show the current question in it.
const current = navigator_?.querySelector("[aria-current]");
if (current) current.scrollIntoView({ block: "nearest", inline: "center" });

// One page: the navigator rings the question being read — the first whose end is below the sticky
// strip (a visual cue only; the numbers are links to the questions).
if (navigator_ && form && !navigator_.querySelector("[aria-current]")) {
  const fieldsets = [...form.querySelectorAll("fieldset[data-slot]")];
  let marked = null;
  let queued = false;
  const mark = () => {
    queued = false;
    const strip = navigator_.getBoundingClientRect();
    const beside = strip.left > form.getBoundingClientRect().right - 1;
    const below = beside ? 0 : strip.bottom; // beside the questions it hides none of them
    const reading = fieldsets.find((f) => f.getBoundingClientRect().bottom > below + 24);
    const item = reading ? navItems.get(reading.dataset.slot) : null;
    if (item === marked) return;
    marked?.classList.remove("is-here");
    item?.classList.add("is-here");
    marked = item;
  };
  window.addEventListener("scroll", () => {
    if (!queued) window.requestAnimationFrame(mark);
    queued = true;
  }, { passive: true });
  mark();
}

// --- Autosave
const queues = new Map(); // slot -> {busy, pending}

async function send(fieldset) {
  const slot = fieldset.dataset.slot;
  const state = queues.get(slot) ?? { busy: false, pending: false };
  queues.set(slot, state);
  if (state.busy) {
    state.pending = true; // the latest answer goes out when the current save returns
    return;
  }
  state.busy = true;
  state.pending = false;
  const seqInput = fieldset.querySelector("[data-seq]");
  const sequence = Number(seqInput.value) + 1;
  setStatus(fieldset, "Saving…");
  try {
    const response = await fetch(form.dataset.saveUrl + slot + "/", {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: JSON.stringify({ answer: answerOf(fieldset), sequence }),
    });
    const body = await response.json().catch(() => ({}));
    if (response.ok) {
      seqInput.value = String(body.sequence);
      const time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
      // One status line per question: a save that returns after the flag's own must not hide it.
      const flagged = fieldset.querySelector("[data-flag]")?.checked;
      setStatus(fieldset, `Saved at ${time}${flagged ? " · Flagged for review" : ""}`);
    } else if (response.status === 409 && "sequence" in body) {
      setStatus(fieldset, "Not saved: a newer answer is stored.", true);
      showConflict(body.detail ?? "This answer was changed elsewhere.", true);
      state.pending = false;
    } else if (response.status === 409) {
      setStatus(fieldset, "Not saved.", true);
      showConflict(body.detail ?? "This attempt is closed.", false);
      window.setTimeout(() => window.location.assign(form.dataset.reviewUrl), 2500);
      state.pending = false;
    } else {
      setStatus(fieldset, body.detail ?? "Not saved: please check this answer.", true);
    }
  } catch {
    setStatus(fieldset, "Not saved yet (offline?). Retrying…", true);
    window.setTimeout(() => send(fieldset), 3000);
  } finally {
    state.busy = false;
    if (state.pending) send(fieldset);
  }
}

async function sendFlag(fieldset, box) {
  const slot = fieldset.dataset.slot;
  const flagged = box.checked;
  markFlagged(slot, flagged);
  if (preview) return;
  try {
    const response = await fetch(`${form.dataset.flagUrl}${slot}/flag/`, {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: JSON.stringify({ flagged }),
    });
    if (!response.ok) throw new Error(String(response.status));
    setStatus(fieldset, flagged ? "Flagged for review" : "Flag cleared");
  } catch {
    box.checked = !flagged;
    markFlagged(slot, !flagged);
    setStatus(fieldset, "The flag was not saved; try again.", true);
  }
}

if (form) {
  const note = document.querySelector("[data-autosave-note]");
  if (note && !preview) note.textContent = "Answers and flags are saved automatically as you go.";
  const timers = new Map();
  form.addEventListener("change", (event) => {
    const fieldset = event.target.closest("fieldset[data-slot]");
    if (!fieldset) return;
    if (event.target.matches("[data-flag]")) {
      sendFlag(fieldset, event.target);
      return;
    }
    markAnswered(fieldset);
    if (preview) return;
    window.clearTimeout(timers.get(fieldset));
    send(fieldset);
  });
  form.addEventListener("input", (event) => {
    if (event.target.type !== "text") return;
    const fieldset = event.target.closest("fieldset[data-slot]");
    if (!fieldset) return;
    markAnswered(fieldset);
    if (preview) return;
    window.clearTimeout(timers.get(fieldset));
    timers.set(fieldset, window.setTimeout(() => send(fieldset), 600));
  });
}

// --- "Submit all and finish?": the summary's button opens the dialog (it is a page without JS).
const dialog = document.querySelector("[data-confirm-dialog]");
const finishButton = finishForm?.querySelector("[data-finish]");
if (dialog && finishButton && typeof dialog.showModal === "function") {
  finishButton.addEventListener("click", (event) => {
    event.preventDefault();
    dialog.showModal();
  });
  dialog.querySelector("[data-confirm-cancel]")?.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => finishButton.focus());
}

// The timer counts down from the server's number of seconds left (not the device clock).
const timer = document.querySelector("[data-timer]");
if (timer) {
  const value = timer.querySelector("[data-timer-value]");
  const announce = document.querySelector("[data-timer-announce]");
  const endsAt = Date.now() + Number(timer.dataset.remaining) * 1000;
  const clock = (seconds) => {
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = String(seconds % 60).padStart(2, "0");
    return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
  };
  let finished = false;
  const tick = () => {
    const left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    value.textContent = clock(left);
    timer.classList.toggle("quiz-timer-low", left <= 60);
    if (announce && (left === 300 || left === 60)) {
      announce.textContent = `${left / 60} minute${left === 60 ? "" : "s"} left.`;
    }
    if (left === 0 && !finished) {
      finished = true;
      if (announce) announce.textContent = "Time is up. Submitting your answers.";
      if (form) {
        form.querySelector("[data-go]").value = "finish";
        form.querySelectorAll("button[name=go]").forEach((b) => (b.disabled = true));
        form.submit();
      } else if (finishForm) {
        finishForm.querySelector("[data-confirm]").value = "yes"; // time is up: no question to ask
        finishForm.submit();
      }
    }
  };
  tick();
  window.setInterval(tick, 1000);
}
