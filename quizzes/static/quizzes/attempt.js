// Taking a quiz: autosave every change, keep the timer, finish when time is up.
//
// The page works without this module (plain form posts save the answers). With it, each change
// is sent at once to PUT /api/v1/attempts/{id}/responses/{slot}/ with a sequence number one above
// the stored one. One save per question is in flight at a time, so a question's saves arrive in
// order; a 409 with a sequence means another tab or device saved a newer answer, and the page
// says so instead of overwriting it.

const form = document.querySelector("[data-attempt-form]");
const finishForm = document.querySelector("[data-finish-form]");
const csrf = document.querySelector("input[name=csrfmiddlewaretoken]")?.value ?? "";

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

const counter = document.querySelector("[data-answered]");
const answeredAtLoad = new Map(); // slot -> answered when the page was drawn
const counterBase = counter ? Number(counter.textContent) : 0;

function isAnswered(fieldset) {
  const answer = answerOf(fieldset);
  return answer !== null && !(Array.isArray(answer) && answer.length === 0);
}

function updateAnsweredCount() {
  if (!counter || !form) return;
  // Only this page's questions can change here; the server's count covers the others.
  let delta = 0;
  for (const fieldset of form.querySelectorAll("fieldset[data-slot]")) {
    delta += Number(isAnswered(fieldset)) - Number(answeredAtLoad.get(fieldset.dataset.slot));
  }
  counter.textContent = String(counterBase + delta);
}

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
      setStatus(fieldset, `Saved at ${time}`);
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

if (form) {
  for (const fieldset of form.querySelectorAll("fieldset[data-slot]")) {
    answeredAtLoad.set(fieldset.dataset.slot, isAnswered(fieldset));
  }
  const note = document.querySelector("[data-autosave-note]");
  if (note) note.textContent = "Answers are saved automatically as you go.";
  const timers = new Map();
  form.addEventListener("change", (event) => {
    const fieldset = event.target.closest("fieldset[data-slot]");
    if (!fieldset) return;
    window.clearTimeout(timers.get(fieldset));
    send(fieldset);
    updateAnsweredCount();
  });
  form.addEventListener("input", (event) => {
    if (event.target.type !== "text") return;
    const fieldset = event.target.closest("fieldset[data-slot]");
    if (!fieldset) return;
    window.clearTimeout(timers.get(fieldset));
    timers.set(fieldset, window.setTimeout(() => send(fieldset), 600));
    updateAnsweredCount();
  });
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
        finishForm.submit();
      }
    }
  };
  tick();
  window.setInterval(tick, 1000);
}
