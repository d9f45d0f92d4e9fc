// Retain's study session: instant grading with the keyboard, reviews synced in the background.
//
// The page holds the next cards with the interval each grade would give, so grading shows the next
// card at once; the review goes to a queue in localStorage and is sent from there (in one batch,
// retried until the server answers). Each review carries its own UUID, so a retry, a reload or a
// second tab can never record it twice. Keys (Anki's): Space/Enter show the answer and, on the answer
// side, mean Good; 1–4 grade; Z undoes; Enter/Space on a focused grade button grade with it. On touch
// screens a tap on the card shows the answer.
//
// The three counts (new · learning · to review) are the deck page's: the server's counts from the
// last sync, less what was graded here since (a graded card leaves its count; one that comes back
// today joins "learning"). After each sync the server's counts replace the estimate, so burying a
// sibling or a leech's suspension shows too, and cards set aside server-side leave the session.

const data = JSON.parse(document.getElementById("study-data").textContent);
const root = document.getElementById("study");
const $ = (name) => root.querySelector(`[data-${name}]`);
const QUEUE_KEY = `retain:reviews:${data.user}`;
const LEARN_AHEAD_MS = 20 * 60 * 1000;
const REFILL_BELOW = 4;
const BLANK = /_{3,}/;

const view = {
  card: $("card"),
  kind: $("kind"),
  front: $("front"),
  back: $("back"),
  source: $("source"),
  sentence: $("sentence"),
  sourceLink: $("source-link"),
  reveal: $("reveal"),
  grades: $("grades"),
  sync: $("sync"),
  notice: $("notice"),
  summary: $("summary"),
  counts: $("counts"),
  position: $("position"),
  undo: $("undo"),
  reportBox: $("report-box"),
  report: $("report"),
  reportForm: $("report-form"),
};

const state = {
  queue: [], // cards to show, in the server's order
  later: [], // cards graded "again"/learning that come back today: {card, dueAt}
  current: null,
  revealed: false,
  shownAt: 0,
  history: [], // this session's grades, newest last: {review, card, requeued}
  nextDue: data.next_due,
  // The server's counts and the ids of the reviews they already include.
  base: { counts: { ...data.counts }, known: new Set() },
  graded: [], // reviews graded on this page (and those still queued from before a reload)
  fetching: null,
  flushing: null,
  keyAt: null,
};

// --- The review queue (localStorage) ------------------------------------------------------------

function pending() {
  try {
    return JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]");
  } catch {
    return [];
  }
}

function savePending(reviews) {
  localStorage.setItem(QUEUE_KEY, JSON.stringify(reviews));
  showSync();
}

function showSync(extra = "") {
  const waiting = pending().length;
  if (!waiting) {
    view.sync.textContent = extra || "All reviews saved.";
  } else {
    const where = navigator.onLine ? "sending" : "offline: they will be sent when you are back online";
    view.sync.textContent = `${waiting} review${waiting === 1 ? "" : "s"} waiting (${where}).`;
  }
}

async function flush() {
  if (state.flushing) return state.flushing;
  const batch = pending();
  if (!batch.length || !navigator.onLine) {
    showSync();
    return;
  }
  state.flushing = (async () => {
    try {
      const response = await fetch(data.reviews_url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": data.csrf_token },
        credentials: "same-origin",
        body: JSON.stringify(batch.map(({ state: _state, requeued: _requeued, ...review }) => review)),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const { results } = await response.json();
      const settled = new Set();
      for (const result of results) {
        // 201/200: recorded (now or before). 4xx: refused for good — retrying cannot help.
        if (result.status < 500) settled.add(result.id);
        if (result.review) learnFromServer(result.review);
        if (result.status >= 400 && result.status < 500) notice(`A review was refused: ${result.detail}`);
      }
      savePending(pending().filter((review) => !settled.has(review.id)));
    } catch {
      showSync(); // offline or a server error: the queue stays, the next flush retries
    } finally {
      state.flushing = null;
    }
    const left = pending();
    const sent = new Set(batch.map((review) => review.id));
    if (left.some((review) => !sent.has(review.id))) flush(); // graded while this batch was out
    else if (left.length && navigator.onLine) setTimeout(flush, 3000); // a server error: retry
    else syncCounts();
  })();
  return state.flushing;
}

function learnFromServer(review) {
  if (review.message) notice(review.message);
  const back = state.later.find((entry) => entry.card.card === review.card);
  const dueAt = review.due ? Date.parse(review.due) : null;
  if (back && review.buttons && dueAt !== null) {
    back.card.buttons = review.buttons; // the intervals the card will offer when it comes back
    back.dueAt = dueAt;
  }
  const today = dueAt !== null && dueAt < Date.parse(data.day_ends_at);
  if (review.suspended || (back && !today)) {
    state.later = state.later.filter((entry) => entry.card.card !== review.card);
  }
}

// --- Fetching more cards --------------------------------------------------------------------------

function heldIds() {
  const ids = new Set(state.queue.map((card) => card.card));
  state.later.forEach((entry) => ids.add(entry.card.card));
  if (state.current) ids.add(state.current.card);
  pending().forEach((review) => ids.add(review.card));
  return ids;
}

async function refill() {
  if (state.fetching || state.queue.length >= REFILL_BELOW || !navigator.onLine) return state.fetching;
  state.fetching = (async () => {
    try {
      await flush();
      const held = [...heldIds()].join(",");
      const response = await fetch(`${data.study_url}?limit=10&exclude=${held}`, {
        credentials: "same-origin",
      });
      if (!response.ok) return;
      const batch = await response.json();
      const ids = heldIds();
      state.queue.push(...batch.cards.filter((card) => !ids.has(card.card)));
      state.nextDue = batch.next_due;
    } catch {
      // offline: keep studying what we hold
    } finally {
      state.fetching = null;
    }
  })();
  return state.fetching;
}

// --- The counts -------------------------------------------------------------------------------------

const BUCKET = { new: "new", learning: "learning", relearning: "learning", review: "review" };

function left() {
  const counts = { ...state.base.counts };
  for (const review of state.graded) {
    if (state.base.known.has(review.id)) continue;
    const bucket = BUCKET[review.state];
    if (bucket) counts[bucket] -= 1;
    if (review.requeued) counts.learning += 1;
  }
  for (const name of Object.keys(counts)) counts[name] = Math.max(0, counts[name]);
  return counts;
}

function updateCounts() {
  const counts = left();
  const current = state.current ? BUCKET[state.current.state] : null;
  for (const [name, value] of Object.entries(counts)) {
    const cell = view.counts.querySelector(`[data-count=${name}]`);
    cell.textContent = String(value);
    cell.parentElement.toggleAttribute("data-current", name === current);
  }
  const done = state.history.length;
  const total = done + counts.new + counts.learning + counts.review;
  view.position.textContent = state.current ? `Card ${done + 1} of ${Math.max(total, done + 1)}` : "";
  view.undo.disabled = !state.history.length;
}

function heldNow() {
  const ids = state.queue.map((card) => card.card);
  state.later.forEach((entry) => ids.push(entry.card.card));
  if (state.current) ids.push(state.current.card);
  return ids;
}

// The server's counts after a sync; cards it set aside (a graded sibling buried them, a leech was
// suspended) leave the session.
async function syncCounts() {
  if (!navigator.onLine) return;
  const waiting = new Set(pending().map((review) => review.id));
  const known = new Set(state.graded.filter((review) => !waiting.has(review.id)).map((review) => review.id));
  let body;
  try {
    const response = await fetch(`${data.progress_url}?held=${heldNow().slice(0, 500).join(",")}`, {
      credentials: "same-origin",
    });
    if (!response.ok) return;
    body = await response.json();
  } catch {
    return; // offline: the estimate stands until the next sync
  }
  state.base = { counts: { new: body.new_left, learning: body.learning, review: body.due_today }, known };
  const aside = new Set(body.set_aside);
  if (aside.size) {
    state.queue = state.queue.filter((card) => !aside.has(card.card));
    state.later = state.later.filter((entry) => !aside.has(entry.card.card));
    if (state.current && aside.has(state.current.card) && !state.revealed) {
      // The card on screen was set aside (a sibling of one just graded): show the next one, and
      // still take the server's counts and mark the session synced below.
      state.current = null;
      advance();
    }
  }
  updateCounts();
  view.counts.toggleAttribute("data-synced", !pending().length && !state.flushing);
}

// --- Showing cards --------------------------------------------------------------------------------

function pickNext() {
  const now = Date.now();
  state.later.sort((a, b) => a.dueAt - b.dueAt);
  if (state.later.length && state.later[0].dueAt <= now) return state.later.shift().card;
  if (state.queue.length) return state.queue.shift();
  if (state.later.length && state.later[0].dueAt <= now + LEARN_AHEAD_MS) return state.later.shift().card;
  return null;
}

function renderFront(card) {
  view.front.replaceChildren();
  if (card.kind === "cloze" && BLANK.test(card.front)) {
    const [before, ...rest] = card.front.split(BLANK);
    const blank = document.createElement("span");
    blank.className = "cloze-blank";
    blank.dataset.cloze = "";
    blank.textContent = "[…]";
    view.front.append(before, blank, rest.join("_____"));
  } else {
    view.front.textContent = card.front;
  }
}

function show(card) {
  state.current = card;
  state.revealed = false;
  view.summary.hidden = true;
  view.card.hidden = false;
  view.kind.textContent = { basic: "Term", reverse: "Definition", cloze: "Fill in the blank" }[card.kind] || "";
  renderFront(card);
  view.back.hidden = true;
  view.back.textContent = card.back;
  view.source.hidden = true;
  view.source.open = false;
  view.sentence.textContent = card.source_sentence || "";
  if (card.source_url) {
    view.sourceLink.href = card.source_url;
    view.sourceLink.textContent = `Read it in “${card.source_title}”`;
  }
  for (const button of view.grades.querySelectorAll("[data-rating]")) {
    const info = (card.buttons || []).find((b) => b.rating === Number(button.dataset.rating));
    button.querySelector("[data-interval]").textContent = info ? info.interval : "";
  }
  view.grades.hidden = true;
  view.reveal.hidden = false;
  view.card.toggleAttribute("data-tap", true);
  view.reportBox.hidden = false;
  view.report.open = false;
  view.reportForm.querySelector("[data-report-item]").value = String(card.card);
  updateCounts();
  state.shownAt = performance.now();
}

function reveal() {
  if (!state.current || state.revealed) return;
  state.revealed = true;
  const blank = view.front.querySelector("[data-cloze]");
  if (blank) {
    const answer = document.createElement("mark");
    answer.className = "cloze-answer";
    answer.textContent = state.current.back;
    blank.replaceWith(answer); // the answer appears in place, in the sentence
  } else {
    view.back.hidden = false;
  }
  view.source.hidden = !(state.current.source_sentence || state.current.source_url);
  view.reveal.hidden = true;
  view.grades.hidden = false;
  view.card.removeAttribute("data-tap");
}

function advance() {
  const next = pickNext();
  if (next) show(next);
  else finish();
  if (state.keyAt !== null) {
    const start = state.keyAt;
    state.keyAt = null;
    // After the browser has painted the next card: key press → next card on screen.
    requestAnimationFrame(() =>
      setTimeout(() => performance.measure("retain:key-to-next-card", { start, end: performance.now() }), 0),
    );
  }
  refill();
}

function grade(rating) {
  const card = state.current;
  if (!card || !state.revealed) return;
  const review = {
    id: crypto.randomUUID(),
    card: card.card,
    rating,
    reviewed_at: new Date().toISOString(),
    duration_ms: Math.round(performance.now() - state.shownAt),
    deck: data.deck,
  };
  const button = (card.buttons || []).find((b) => b.rating === rating);
  const seconds = button ? button.seconds : 0;
  const requeued = seconds > 0 && Date.now() + seconds * 1000 < Date.parse(data.day_ends_at);
  // For the counts on screen (kept through a reload while queued); not sent.
  Object.assign(review, { state: card.state, requeued });
  view.counts.removeAttribute("data-synced");
  savePending([...pending(), review]);
  state.graded.push(review);
  if (requeued) {
    state.later.push({ card: { ...card, buttons: null, state: "learning" }, dueAt: Date.now() + seconds * 1000 });
  }
  state.history.push({ review, card, requeued });
  state.current = null;
  advance();
  flush();
}

async function undo() {
  const last = state.history.pop();
  if (!last) return;
  const queued = pending();
  if (queued.some((review) => review.id === last.review.id)) {
    savePending(queued.filter((review) => review.id !== last.review.id)); // never sent
  } else {
    try {
      const response = await fetch(`${data.reviews_url}${last.review.id}/undo/`, {
        method: "POST",
        headers: { "X-CSRFToken": data.csrf_token },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    } catch {
      state.history.push(last);
      notice("Undo needs a connection once a review has been sent; try again when online.");
      return;
    }
  }
  state.graded = state.graded.filter((review) => review.id !== last.review.id);
  if (last.requeued) state.later = state.later.filter((entry) => entry.card.card !== last.card.card);
  if (state.current) state.queue.unshift(state.current);
  show(last.card);
  notice("Undone: grade the card again.");
  syncCounts();
}

function finish() {
  state.current = null;
  view.reportBox.hidden = true;
  updateCounts();
  view.card.hidden = true;
  view.reveal.hidden = true;
  view.grades.hidden = true;
  const graded = state.history.map((entry) => entry.review.rating);
  view.summary.querySelector("[data-summary-count]").textContent = String(graded.length);
  view.summary.querySelector("[data-summary-retention]").textContent = graded.length
    ? `${Math.round((100 * graded.filter((r) => r > 1).length) / graded.length)}% (graded Hard, Good or Easy)`
    : "–";
  const dues = state.later.map((entry) => entry.dueAt);
  if (state.nextDue) dues.push(Date.parse(state.nextDue));
  const next = dues.filter((t) => t > Date.now()).sort((a, b) => a - b)[0];
  view.summary.querySelector("[data-summary-next]").textContent = next
    ? new Date(next).toLocaleString([], { weekday: "short", hour: "2-digit", minute: "2-digit" })
    : "Nothing scheduled";
  view.summary.hidden = false;
  view.summary.focus();
  if (state.later.length) setTimeout(() => !state.current && advance(), Math.max(1000, state.later[0].dueAt - Date.now() - LEARN_AHEAD_MS));
}

function notice(text) {
  view.notice.textContent = text;
  view.notice.hidden = false;
  clearTimeout(notice.timer);
  notice.timer = setTimeout(() => (view.notice.hidden = true), 6000);
}

// --- Input ----------------------------------------------------------------------------------------

document.addEventListener("keydown", (event) => {
  if (event.target.closest("input, textarea, select, summary, a, dialog") || event.altKey || event.ctrlKey || event.metaKey) return;
  const key = event.key;
  if (key === " " || key === "Enter") {
    if (event.repeat) return event.preventDefault(); // a held key grades once, not every card
    const focused = event.target.closest("button");
    const graded = focused && focused.closest("[data-grades]") && focused.dataset.rating;
    if (focused && !graded && focused !== view.reveal) return; // Undo, the menu…: the button's own
    event.preventDefault();
    if (!state.revealed) {
      state.keyAt = null;
      reveal();
    } else {
      state.keyAt = performance.now();
      grade(graded ? Number(focused.dataset.rating) : 3); // the focused button, else Good
    }
  } else if (/^[1-4]$/.test(key) && state.revealed) {
    event.preventDefault();
    state.keyAt = performance.now();
    grade(Number(key));
  } else if (key === "z" || key === "Z") {
    event.preventDefault();
    undo();
  }
});
view.reveal.addEventListener("click", reveal);
view.card.addEventListener("click", (event) => {
  if (!state.revealed && !event.target.closest("a, summary, button")) reveal(); // tap to reveal
});
view.grades.addEventListener("click", (event) => {
  const button = event.target.closest("[data-rating]");
  if (button) grade(Number(button.dataset.rating));
});
view.undo.addEventListener("click", undo);
// "Report a problem with this card": sent to the API, so the session goes on where it was.
view.reportForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(view.reportForm);
  const body = { kind: "card", item: Number(form.get("item")), reason: form.get("reason"), note: form.get("note") || "" };
  try {
    const response = await fetch(data.report_url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": data.csrf_token },
      credentials: "same-origin",
      body: JSON.stringify(body),
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(answer.detail || `HTTP ${response.status}`);
    view.reportForm.reset();
    view.report.open = false;
    notice("Thank you: your report went to the course's instructors (see “My reports”).");
  } catch (error) {
    notice(`The report was not sent: ${error.message}`);
  }
});
window.addEventListener("online", () => {
  flush().then(refill);
});
window.addEventListener("offline", () => showSync());

// --- Start ----------------------------------------------------------------------------------------

if (!data.time_zone_set) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone) {
    fetch(data.profile_url, {
      method: "PATCH",
      headers: { "Content-Type": "application/json", "X-CSRFToken": data.csrf_token },
      credentials: "same-origin",
      body: JSON.stringify({ time_zone: zone, only_if_unset: true }),
    }).catch(() => {});
  }
}
const waiting = new Set(pending().map((review) => review.card));
state.queue = data.cards.filter((card) => !waiting.has(card.card)); // graded before a reload
state.graded = pending().filter((review) => review.deck === data.deck); // not in the page's counts
root.dataset.ready = "";
advance();
view.card.focus();
flush();
if (!pending().length) syncCounts();
