// Retain's study session: instant grading with the keyboard, reviews synced in the background.
//
// The page holds the next cards with the interval each grade would give, so grading shows the next
// card at once; the review goes to a queue in localStorage and is sent from there (in one batch,
// retried until the server answers). Each review carries its own UUID, so a retry, a reload or a
// second tab can never record it twice. Keys: Space/Enter show the answer, 1–4 grade, Z undoes.

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
};

const state = {
  queue: [], // cards to show, in the server's order
  later: [], // cards graded "again"/learning that come back today: {card, dueAt}
  current: null,
  revealed: false,
  shownAt: 0,
  history: [], // this session's grades, newest last: {review, card, requeued}
  nextDue: data.next_due,
  left: { new: data.new_left, review: data.reviews_left },
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
        body: JSON.stringify(batch.map(({ state: _state, ...review }) => review)),
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
  })();
  return state.flushing;
}

function learnFromServer(review) {
  if (review.message) notice(review.message);
  const back = state.later.find((entry) => entry.card.card === review.card);
  if (back && review.buttons && review.due) {
    back.card.buttons = review.buttons; // the intervals the card will offer when it comes back
    back.dueAt = Date.parse(review.due);
  }
  if (review.suspended) state.later = state.later.filter((entry) => entry.card.card !== review.card);
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
      updateCounts(batch);
    } catch {
      // offline: keep studying what we hold
    } finally {
      state.fetching = null;
    }
  })();
  return state.fetching;
}

function updateCounts(batch) {
  if (batch) state.left = { new: batch.new_left - countPending("new"), review: batch.reviews_left - countPending("review") };
  view.counts.querySelector("[data-count=new]").textContent = `${Math.max(0, state.left.new)} new`;
  view.counts.querySelector("[data-count=due]").textContent = `${Math.max(0, state.left.review)} reviews left today`;
}

function countPending(kind) {
  return pending().filter((review) => review.state === kind).length;
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
    state: card.state, // for the counts on screen; not sent
  };
  savePending([...pending(), review]);
  if (card.state in state.left) state.left[card.state] -= 1;
  updateCounts();
  const button = (card.buttons || []).find((b) => b.rating === rating);
  const seconds = button ? button.seconds : 0;
  const requeued = seconds > 0 && Date.now() + seconds * 1000 < Date.parse(data.day_ends_at);
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
  if (last.card.state in state.left) state.left[last.card.state] += 1;
  updateCounts();
  if (last.requeued) state.later = state.later.filter((entry) => entry.card.card !== last.card.card);
  if (state.current) state.queue.unshift(state.current);
  show(last.card);
  notice("Undone: grade the card again.");
}

function finish() {
  state.current = null;
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
  if (event.target.closest("input, textarea, select, summary, a") || event.altKey || event.ctrlKey || event.metaKey) return;
  const key = event.key;
  if (key === " " || key === "Enter") {
    event.preventDefault();
    if (!state.revealed) {
      state.keyAt = null;
      reveal();
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
view.grades.addEventListener("click", (event) => {
  const button = event.target.closest("[data-rating]");
  if (button) grade(Number(button.dataset.rating));
});
root.querySelector("[data-undo]").addEventListener("click", undo);
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
root.dataset.ready = "";
advance();
view.card.focus();
flush();
