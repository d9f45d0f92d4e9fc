// Question and card editors: add, remove and reorder choices; a live preview of what a student
// sees; and a duplicate warning fetched while the instructor types. Without this script the form
// still works (position numbers, remove boxes, the preview of the saved content).

// A blank: three or more underscores, or "{{answer}}" (Anki's "{{c1::answer}}" too).
const BLANK = /_{3,}|\{\{(?:c\d+::)?(.+?)\}\}/;

const form = document.querySelector("[data-editor]");
if (form) {
  if (form.dataset.kind === "card") {
    watch(form, () => renderCard(form));
  } else {
    setUpChoices(form);
    watch(form, () => renderQuestion(form));
    setUpAnswerTry(form);
  }
  setUpDuplicateCheck(form);
}

function watch(form, render) {
  form.addEventListener("input", render);
  form.addEventListener("change", render);
  render();
}

// --- Choices

function setUpChoices(form) {
  const rows = form.querySelector("[data-choice-rows]");
  const template = form.querySelector("[data-choice-template]");
  const add = form.querySelector("[data-add-choice]");
  const total = form.querySelector('input[name="choices-TOTAL_FORMS"]');
  const max = Number(form.querySelector('input[name="choices-MAX_NUM_FORMS"]')?.value || 8);
  if (!rows || !template || !total) {
    return;
  }
  rows.querySelectorAll("[data-choice-row]").forEach(enhanceRow);
  add.hidden = false;
  add.addEventListener("click", () => {
    const index = Number(total.value);
    const html = template.innerHTML.replaceAll("__prefix__", String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const row = rows.lastElementChild;
    enhanceRow(row);
    renumber();
    row.querySelector("[data-choice-text]").focus();
    updateAdd();
    form.dispatchEvent(new Event("input"));
  });
  rows.addEventListener("change", (event) => {
    // A single-answer question has one correct choice: ticking one unticks the others.
    if (form.dataset.type === "mcq" && event.target.matches("[data-choice-correct]") && event.target.checked) {
      rows.querySelectorAll("[data-choice-correct]").forEach((box) => {
        if (box !== event.target) {
          box.checked = false;
        }
      });
    }
  });
  renumber();
  updateAdd();

  function enhanceRow(row) {
    row.querySelector("[data-choice-order]").hidden = true;
    row.querySelector("[data-choice-tools]").hidden = false;
    const remove = row.querySelector("[data-choice-delete]");
    remove.closest("label").hidden = true;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "small";
    button.textContent = "Remove";
    button.addEventListener("click", () => {
      remove.checked = true;
      row.hidden = true;
      const next = visibleRows()[0]?.querySelector("[data-choice-text]");
      next?.focus();
      renumber();
      updateAdd();
      form.dispatchEvent(new Event("input"));
    });
    row.querySelector("[data-choice-tools]").append(button);
    row.querySelectorAll("[data-move]").forEach((move) => {
      move.addEventListener("click", () => {
        const visible = visibleRows();
        const at = visible.indexOf(row);
        const target = visible[at + Number(move.dataset.move)];
        if (!target) {
          return;
        }
        if (Number(move.dataset.move) < 0) {
          target.before(row);
        } else {
          target.after(row);
        }
        move.focus();
        renumber();
        form.dispatchEvent(new Event("input"));
      });
    });
  }

  function visibleRows() {
    return Array.from(rows.querySelectorAll("[data-choice-row]")).filter((row) => !row.hidden);
  }

  function renumber() {
    // The server orders choices by these positions (the formset's ORDER field).
    visibleRows().forEach((row, i) => {
      row.querySelector("[data-choice-order] input").value = String(i + 1);
    });
  }

  function updateAdd() {
    add.hidden = visibleRows().length >= max;
  }
}

function currentChoices(form) {
  return Array.from(form.querySelectorAll("[data-choice-row]"))
    .filter((row) => !row.hidden && !row.querySelector("[data-choice-delete]").checked)
    .map((row) => ({
      text: row.querySelector("[data-choice-text]").value.trim(),
      correct: row.querySelector("[data-choice-correct]").checked,
    }))
    .filter((choice) => choice.text || choice.correct);
}

// --- Preview

function value(form, name) {
  const field = form.elements.namedItem(name);
  if (!field) {
    return "";
  }
  return (field.value ?? "").trim();
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, val] of Object.entries(attrs)) {
    if (val === true) {
      node.setAttribute(key, "");
    } else if (val !== false && val != null) {
      node.setAttribute(key, val);
    }
  }
  node.append(...children);
  return node;
}

function renderQuestion(form) {
  const preview = document.querySelector("[data-preview]");
  const student = preview?.querySelector("[data-preview-student]");
  const key = preview?.querySelector("[data-preview-key]");
  if (!student || !key) {
    return;
  }
  const type = form.dataset.type;
  const prompt = value(form, "prompt");
  const accepted = value(form, "accepted").split("\n").map((a) => a.trim()).filter(Boolean);
  const choices = currentChoices(form);
  const parts = [];

  if (type === "cloze") {
    const match = prompt.match(BLANK);
    if (match?.[1]) {
      accepted.unshift(match[1].trim()); // "{{answer}}" is the answer
    }
    const paragraph = el("p", { class: "preview-prompt" });
    if (match) {
      paragraph.append(
        prompt.slice(0, match.index),
        el("input", { type: "text", class: "preview-blank", "aria-label": "Blank", disabled: true }),
        prompt.slice(match.index + match[0].length),
      );
    } else {
      paragraph.append(prompt || "…");
    }
    parts.push(paragraph);
  } else {
    parts.push(el("p", { class: "preview-prompt" }, prompt || "…"));
  }
  if (type === "mcq" || type === "mcq_multi") {
    if (type === "mcq_multi") {
      parts.push(el("p", { class: "meta" }, "Choose all that apply."));
    }
    const list = el("ul", { class: "preview-choices" });
    for (const choice of choices) {
      const input = el("input", { type: type === "mcq_multi" ? "checkbox" : "radio", name: "preview-choice", disabled: true });
      list.append(el("li", {}, el("label", { class: "choice" }, input, " ", choice.text)));
    }
    parts.push(list);
  } else if (type === "true_false") {
    parts.push(
      el("div", { class: "preview-tf" },
        el("button", { type: "button", disabled: true }, "True"), " ",
        el("button", { type: "button", disabled: true }, "False")),
    );
  } else if (type === "short_answer") {
    parts.push(el("input", { type: "text", disabled: true, placeholder: "Your answer", "aria-label": "Your answer" }));
  }
  student.replaceChildren(...parts);

  const keyParts = [];
  if (type === "mcq" || type === "mcq_multi") {
    const list = el("ol", { class: "key-choices" });
    for (const choice of choices) {
      const item = el("li", choice.correct ? { class: "is-correct" } : {}, choice.text);
      if (choice.correct) {
        item.append(" ", el("span", { class: "key-correct" }, "correct"));
      }
      list.append(item);
    }
    keyParts.push(list);
  } else if (type === "true_false") {
    const truth = form.querySelector('input[name="truth"]:checked')?.value;
    keyParts.push(el("p", { class: "key-line" }, "Answer: ", el("strong", {}, truth === "true" ? "True" : truth === "false" ? "False" : "not set")));
  } else {
    const line = el("p", { class: "key-line" }, "Accepted: ");
    if (!accepted.length) {
      line.append(el("em", {}, "none yet"));
    }
    accepted.forEach((answer, i) => {
      line.append(el("strong", { class: "key-answer" }, answer), i < accepted.length - 1 ? ", " : "");
    });
    keyParts.push(line);
  }
  const explanation = value(form, "explanation");
  if (explanation) {
    keyParts.push(el("p", { class: "key-explanation" }, el("span", { class: "key-label" }, "Explanation:"), " ", explanation));
  }
  key.replaceChildren(...keyParts);
}

function renderCard(form) {
  const front = document.querySelector("[data-preview-front]");
  const back = document.querySelector("[data-preview-back]");
  const extra = document.querySelector("[data-preview-extra]");
  if (!front || !back || !extra) {
    return;
  }
  const kind = form.querySelector('input[name="kind"]:checked')?.value;
  let frontText = value(form, "front");
  let backText = value(form, "back");
  const match = frontText.match(BLANK);
  if (kind === "cloze" && match) {
    if (match[1] && !backText) {
      backText = match[1].trim();
    }
    frontText = frontText.slice(0, match.index) + "[…]" + frontText.slice(match.index + match[0].length);
  }
  front.textContent = frontText || "…";
  back.textContent = backText;
  extra.textContent = value(form, "extra");
}

// --- Duplicates

function setUpDuplicateCheck(form) {
  const region = form.querySelector("[data-duplicates]");
  const url = form.dataset.checkUrl;
  if (!region || !url) {
    return;
  }
  let timer = null;
  let last = "";
  form.addEventListener("input", (event) => {
    if (!event.target.matches("textarea, input[type=text]") && event.isTrusted) {
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 500);
  });

  async function check() {
    const data = new FormData(form);
    data.delete("csrfmiddlewaretoken");
    const query = new URLSearchParams(data);
    const target = new URL(url, window.location.href);
    for (const [key, val] of query) {
      target.searchParams.append(key, val);
    }
    if (target.href === last) {
      return;
    }
    last = target.href;
    try {
      const response = await fetch(target, { headers: { Accept: "text/html" }, credentials: "same-origin" });
      if (response.ok) {
        region.innerHTML = await response.text();
      }
    } catch {
      // A failed check only means no warning; saving still checks on the server.
    }
  }
}

// --- "Try an answer": would what a student types be accepted? (The server matches it the way
// grading does: case, punctuation, spacing and a leading article ignored.)

function setUpAnswerTry(form) {
  const box = form.querySelector("[data-try-answer]");
  if (!box) {
    return;
  }
  box.hidden = false;
  const input = box.querySelector("input");
  const result = box.querySelector("[data-try-answer-result]");
  let timer = null;
  const check = async () => {
    const target = new URL(box.dataset.url, window.location.href);
    target.searchParams.set("type", form.dataset.type);
    target.searchParams.set("prompt", value(form, "prompt"));
    target.searchParams.set("accepted", value(form, "accepted"));
    target.searchParams.set("answer", input.value);
    try {
      const response = await fetch(target, { credentials: "same-origin" });
      result.textContent = response.ok ? await response.text() : "";
    } catch {
      result.textContent = "";
    }
  };
  const later = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(check, 250);
  };
  input.addEventListener("input", later);
  form.elements.namedItem("accepted")?.addEventListener("input", () => {
    if (input.value) {
      later();
    }
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault(); // trying an answer must not submit the form
    }
  });
}
