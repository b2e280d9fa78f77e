// 当场处罚: an on-the-spot case (simple procedure, art. 51-52) in as few taps as the law allows. The signed-in
// officer and the usual partner are pre-selected, items come by pinyin initials or words with favourites and
// recent ones first, the special-list rule shows before anything is sent, discretion presets are buttons, the
// party comes by ID number (checksum, earlier cases in the county), photos from the camera.
import { post } from "../api.js";
import * as outbox from "../outbox.js";
import { withPosition } from "../position.js";
import { checkSpotCase, validIdNumber, validUscc } from "../rules.js";
import { field, fmt, h, isoDay, mount, setTitle, showError, gettext, yuan } from "../ui.js";

const MAX_RESULTS = 20;

function search(data, query) {
  const favourites = new Set(data.favourite_items || []);
  const recent = data.recent_items || [];
  const rank = (item) => (favourites.has(item.code) ? 0 : recent.includes(item.code) ? 1 + recent.indexOf(item.code) / 100 : 2)
    + (item.empowered ? 0 : 3);
  const terms = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  let items = data.items;
  if (terms.length) {
    items = items.filter((item) => terms.every((term) => item.pinyin.includes(term) || item.name.includes(term)
      || item.code.includes(term)));
  } else {
    items = items.filter((item) => favourites.has(item.code) || recent.includes(item.code));
  }
  return [...items].sort((a, b) => rank(a) - rank(b) || a.code.localeCompare(b.code)).slice(0, MAX_RESULTS);
}

function pad(n) { return String(n).padStart(2, "0"); }
function localDateTime(date) {
  return `${isoDay(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function defaultPlace(data) {
  const zone = (data.zones || []).find((z) => z.mine);
  return zone ? `${data.user.township_name}${zone.name}` : data.user.township_name;
}

export function renderSpot(app, { draft = null, onDone = null } = {}) {
  const data = app.data;
  setTitle(gettext("On-the-spot case"));
  const me = data.officer;
  const state = {
    item: null, outcome: "fine", fine: "", partyType: "citizen", photos: [],
    officers: [me, data.partner].filter(Boolean), factsEdited: false, history: null,
    ...(draft || {}),
  };
  const byCode = Object.fromEntries(data.items.map((i) => [i.code, i]));
  if (draft && draft.itemCode) state.item = byCode[draft.itemCode] || null;

  const query = h("input", { type: "search", id: "item-q", autocomplete: "off", enterkeyhint: "search",
    placeholder: gettext("Pinyin initials or words, e.g. zdjy") });
  const results = h("ul", { class: "list", id: "item-results", "aria-live": "polite" });
  const itemBox = h("div", { id: "item-box" });
  const outcomeBox = h("div", { id: "outcome" });
  const amountBox = h("div", { id: "amounts" });
  const partyBox = h("div", { id: "party" });
  const detailsBox = h("div", { id: "details" });
  const peopleBox = h("div", { id: "officers" });
  const photoBox = h("div", { id: "photos" });
  const checkBox = h("div", { id: "checks", "aria-live": "polite" });
  const submit = h("button", { type: "submit", class: "primary big", id: "submit-spot" });

  const idInput = h("input", { id: "party-id", name: "party_id_number", inputmode: "numeric", autocomplete: "off",
    maxlength: "18", value: draft?.idNumber || "" });
  const nameInput = h("input", { id: "party-name", name: "party_name", autocomplete: "off", value: draft?.name || "" });
  const placeInput = h("input", { id: "place", name: "location", value: draft?.place || defaultPlace(data) });
  const timeInput = h("input", { id: "when", name: "violation_time", type: "datetime-local",
    value: draft?.when || localDateTime(new Date()), max: localDateTime(new Date()) });
  const factsInput = h("textarea", { id: "facts", name: "facts", rows: "3" }, draft?.facts || "");
  const fineInput = h("input", { id: "fine", name: "fine", inputmode: "decimal", autocomplete: "off",
    placeholder: gettext("Other amount (yuan)") });
  const deadlineInput = h("input", { id: "correction-deadline", type: "date", min: isoDay(new Date(Date.now() + 86400000)),
    value: isoDay(new Date(Date.now() + 7 * 86400000)) });
  const photoInput = h("input", { id: "photo", type: "file", accept: "image/*", capture: "environment", multiple: true,
    class: "visually-hidden" });
  if (draft) state.factsEdited = true;

  function limit() {
    return Number(state.partyType === "organisation" ? data.limits.simple_max_fine_org : data.limits.simple_max_fine_citizen);
  }

  function facts() {
    if (state.factsEdited) return factsInput.value;
    const when = timeInput.value.replace("T", " ");
    const who = nameInput.value.trim() || gettext("the party");
    return state.item ? fmt(gettext("%(who)s, at %(when)s at %(place)s: %(item)s."), {
      who, when, place: placeInput.value.trim(), item: state.item.name.replace(/^对/, "").replace(/的(行政)?处罚$/, "") }) : "";
  }

  function renderResults() {
    const found = search(data, query.value);
    results.replaceChildren(...found.map((item) => h("li", {},
      h("button", { type: "button", class: "row-link", dataset: { code: item.code }, onclick: () => choose(item) },
        h("span", { class: "main" }, item.name, h("br"), h("span", { class: "muted" }, item.code)),
        h("span", { class: "side" },
          !item.empowered ? h("span", { class: "badge bad" }, gettext("not empowered"))
            : (data.favourite_items || []).includes(item.code) ? h("span", { class: "badge" }, gettext("favourite"))
              : (data.recent_items || []).includes(item.code) ? h("span", { class: "badge" }, gettext("recent")) : "")))));
    if (!found.length) {
      results.replaceChildren(h("li", { class: "empty" }, query.value.trim() ? gettext("No item matches.")
        : gettext("Type pinyin initials or words to find the item.")));
    }
  }

  function choose(item) {
    state.item = item;
    const kinds = (item.penalty_kinds || []).map((k) => k.kind);
    state.outcome = item.correction_first ? "correction" : kinds.includes("fine") || !kinds.length ? "fine" : "warning";
    results.replaceChildren();
    query.value = "";
    refresh();
    document.getElementById("outcome")?.scrollIntoView({ block: "start" });
  }

  function ruleBox(item) {
    if (!item.empowered) {
      return h("div", { class: "rule bad", role: "alert" }, fmt(gettext(
        "Art. 24: the township is not empowered for item %(code)s; it cannot be handled here."), { code: item.code }),
      " ", gettext("Hand it over to the competent department."));
    }
    const rules = [];
    if (item.correction_first) rules.push(h("div", { class: "rule" }, h("strong", {}, gettext("Correction-first list")), " ",
      item.correction_first_conditions || gettext("Order the party to correct first; a penalty only if not corrected in time.")));
    if (item.no_penalty) rules.push(h("div", { class: "rule" }, h("strong", {}, gettext("No-penalty list (art. 33)")), " ",
      item.no_penalty_conditions || gettext("A first minor violation corrected in time is not penalised; educate the party.")));
    if (item.warning_only) rules.push(h("div", { class: "rule" }, h("strong", {}, gettext("Warning alone suffices")), " ",
      item.warning_only_conditions));
    return rules;
  }

  function outcomes(item) {
    if (!item.empowered) return [];
    const kinds = (item.penalty_kinds || []).map((k) => k.kind);
    const list = [];
    if (item.correction_first) list.push(["correction", gettext("Order to correct")]);
    if (item.no_penalty) list.push(["no_penalty", gettext("No penalty, with education")]);
    if (item.warning_only || kinds.includes("warning")) list.push(["warning", gettext("Warning")]);
    if (!kinds.length || kinds.includes("fine")) list.push(["fine", gettext("Fine")]);
    return list;
  }

  function refresh() {
    const item = state.item;
    itemBox.replaceChildren();
    outcomeBox.replaceChildren();
    amountBox.replaceChildren();
    if (item) {
      itemBox.append(h("div", { class: "card", id: "chosen-item" },
        h("p", {}, h("strong", {}, item.name)),
        h("p", { class: "muted" }, item.code, item.basis ? ` · ${item.basis}` : ""),
        h("button", { type: "button", onclick: () => { state.item = null; refresh(); query.focus(); } }, gettext("Change item")),
        ruleBox(item)));
      const options = outcomes(item);
      if (options.length) {
        outcomeBox.append(h("h3", {}, gettext("Decision")), h("div", { class: "choices", role: "group", "aria-label": gettext("Decision") },
          options.map(([value, label]) => h("button", { type: "button", "aria-pressed": String(state.outcome === value),
            dataset: { outcome: value }, onclick: () => { state.outcome = value; refresh(); } }, label))));
      }
      if (item.empowered && state.outcome === "fine") {
        const tiers = (item.tiers || []).length ? item.tiers : [{ label: gettext("Legal range"), conditions: "",
          fine_min: item.fine_min, fine_max: item.fine_max }];
        amountBox.append(h("h3", {}, gettext("Amount (discretion band)")));
        for (const tier of tiers) {
          const low = Number(tier.fine_min), high = Number(tier.fine_max);
          const amounts = [...new Set([low, high].filter((v) => v > 0 && v <= limit()))];
          amountBox.append(h("div", { class: "card" },
            h("p", {}, h("strong", {}, tier.label), ` ${yuan(low)} – ${yuan(high)}`),
            tier.conditions ? h("p", { class: "muted" }, tier.conditions) : null,
            h("div", { class: "choices" }, amounts.map((value) => h("button", { type: "button", class: "preset",
              "aria-pressed": String(Number(state.fine) === value), dataset: { amount: String(value) },
              onclick: () => { state.fine = String(value); fineInput.value = ""; refresh(); } }, yuan(value)))),
            amounts.length ? null : h("p", { class: "hint" }, fmt(gettext("Above the simple-procedure limit of %(limit)s yuan: use the ordinary procedure."), { limit: limit() }))));
        }
        amountBox.append(field(gettext("Other amount (yuan)"), fineInput));
      }
      if (item.empowered && state.outcome === "correction") {
        amountBox.append(field(gettext("Correct by"), deadlineInput, { hint: gettext("The case is filed (ordinary procedure) and the order to correct is issued.") }));
      }
    }
    renderChecks();
  }

  function renderParty() {
    const citizen = state.partyType === "citizen";
    idInput.setAttribute("inputmode", citizen ? "numeric" : "text");
    const idField = field(citizen ? gettext("ID number") : gettext("Unified social credit code"), idInput,
      { hint: citizen ? gettext("18 digits; the last may be X.") : gettext("18 characters.") });
    if (citizen) {
      idField.append(h("button", { type: "button", class: "no-print", "aria-label": gettext("Type X"),
        onclick: () => { idInput.value = `${idInput.value.replace(/X$/i, "")}X`.slice(0, 18); checkId(); } }, "X"));
    }
    partyBox.replaceChildren(
      h("h3", {}, gettext("Party")),
      h("div", { class: "choices", role: "group", "aria-label": gettext("Party type") },
        [["citizen", gettext("Citizen")], ["organisation", gettext("Organisation")]].map(([value, label]) => h("button", {
          type: "button", "aria-pressed": String(state.partyType === value),
          onclick: () => { state.partyType = value; renderParty(); refresh(); } }, label))),
      idField,
      h("div", { id: "history", "aria-live": "polite" }, historyView()),
      field(citizen ? gettext("Name") : gettext("Name of the organisation"), nameInput));
  }

  function historyView() {
    const history = state.history;
    if (!history) return null;
    if (history === "offline") return h("p", { class: "hint" }, gettext("Offline: earlier cases (first violation) are checked when the network returns."));
    if (!history.cases.length) return h("p", { class: "badge ok" }, gettext("No earlier case in the county: first violation."));
    return h("div", { class: "card notice" }, h("p", {}, fmt(gettext("%(n)s earlier cases in the county:"), { n: history.cases.length })),
      h("ul", {}, history.cases.slice(0, 5).map((c) => h("li", {}, `${c.date} ${c.item_name} · ${c.township_name} · ${c.status_label}`))));
  }

  async function checkId() {
    const value = idInput.value.trim().toUpperCase();
    idInput.value = value;
    state.history = null;
    const valid = state.partyType === "citizen" ? validIdNumber(value) : validUscc(value);
    if (value.length === 18 && !valid) {
      showError(idInput, state.partyType === "citizen" ? gettext("Invalid citizen ID number (GB 11643 checksum).")
        : gettext("Invalid unified social credit code (GB 32100 checksum)."));
    } else showError(idInput, "");
    if (valid) {
      if (!navigator.onLine) state.history = "offline";
      else {
        try {
          const answer = await post("mobile/party-history/", { id_number: value });
          state.history = answer.ok ? answer.data : null;
        } catch { state.history = "offline"; }
      }
    }
    const box = document.getElementById("history");
    if (box) box.replaceChildren(historyView() || "");
    renderChecks();
  }

  function renderPeople() {
    const choices = data.colleagues.filter((o) => !state.officers.some((c) => c.employee_number === o.employee_number));
    const select = h("select", { id: "add-officer", "aria-label": gettext("Change the second officer") },
      h("option", { value: "" }, gettext("Change the second officer…")),
      choices.map((o) => h("option", { value: o.employee_number }, `${o.name} (${o.employee_number})`)));
    select.addEventListener("change", () => {
      const chosen = data.colleagues.find((o) => o.employee_number === select.value);
      if (!chosen) return;
      state.officers = [state.officers[0] || chosen, chosen].filter((o, i, all) => all.indexOf(o) === i);
      renderPeople();
      renderChecks();
    });
    peopleBox.replaceChildren(h("h3", {}, gettext("Officers")),
      h("p", { class: "people" }, state.officers.map((o, i) => h("span", { class: "badge" },
        `${i === 0 ? gettext("me") : gettext("partner")}: ${o.name}`))),
      h("label", { for: "add-officer", class: "muted" }, gettext("Another partner")), select);
  }

  function renderPhotos() {
    photoBox.replaceChildren(h("h3", {}, gettext("Evidence photos")),
      h("div", { class: "camera" }, photoInput, h("label", { for: "photo", class: "button big" }, gettext("Take a photo"))),
      h("div", { class: "thumbs" }, state.photos.map((p, i) => h("img", { src: URL.createObjectURL(p.blob),
        alt: fmt(gettext("Photo %(n)s"), { n: i + 1 }) }))));
  }

  photoInput.addEventListener("change", () => {
    for (const file of photoInput.files) state.photos.push({ blob: file, name: file.name || "photo.jpg", taken_at: new Date().toISOString() });
    photoInput.value = "";
    renderPhotos();
  });

  function values() {
    return { item: state.item, outcome: state.outcome, fine: fineInput.value.trim() || state.fine,
      partyType: state.partyType, idNumber: idInput.value.trim(), name: nameInput.value.trim(),
      place: placeInput.value.trim(), when: timeInput.value, facts: facts() };
  }

  function renderChecks() {
    if (!state.factsEdited) factsInput.value = facts();
    const v = values();
    const problems = [];
    const result = checkSpotCase({ item: v.item, officers: state.officers, outcome: v.outcome, fine: v.fine,
      partyType: v.partyType, idNumber: v.idNumber, violationDate: v.when.slice(0, 10), today: isoDay(), limits: data.limits });
    problems.push(...result.problems);
    if (!v.name) problems.push(gettext("Enter the party's name."));
    if (v.idNumber && !(v.partyType === "citizen" ? validIdNumber(v.idNumber) : validUscc(v.idNumber))) {
      problems.push(v.partyType === "citizen" ? gettext("Invalid citizen ID number (GB 11643 checksum).")
        : gettext("Invalid unified social credit code (GB 32100 checksum)."));
    }
    if (!v.place) problems.push(gettext("Enter the place of the violation."));
    state.problems = problems;
    checkBox.replaceChildren(problems.length ? h("ul", { class: "rule bad" }, problems.map((p) => h("li", {}, p))) : "",
      result.notes.map((n) => h("p", { class: "hint" }, n)));
    submit.disabled = problems.length > 0 || !state.item;
    submit.textContent = { correction: gettext("File and issue the order to correct"), no_penalty: gettext("Decide: no penalty"),
      warning: gettext("Decide on the spot: warning") }[state.outcome] || (v.fine ? fmt(gettext("Decide on the spot: fine of %(amount)s"), { amount: yuan(v.fine) })
      : gettext("Decide on the spot"));
  }

  for (const input of [nameInput, placeInput, timeInput, fineInput]) input.addEventListener("input", () => {
    if (input === fineInput) state.fine = "";
    renderChecks();
  });
  factsInput.addEventListener("input", () => { state.factsEdited = true; });
  idInput.addEventListener("input", () => { if (idInput.value.length >= 18) checkId(); else { state.history = null; renderChecks(); } });
  query.addEventListener("input", renderResults);

  // What the submission sends: the case first, then what waits for its code (a transition, the photos).
  function specs() {
    const v = values();
    const day = v.when.slice(0, 10);
    const today = isoDay();
    const officers = state.officers.map((o) => o.employee_number);
    const base = { item: v.item.code, party_type: v.partyType, party_name: v.name, party_id_number: v.idNumber,
      location: v.place, facts: v.facts, violation_date: day, discovered_on: today, officers, source: "patrol" };
    const label = `${v.item.name} · ${v.name}`;
    const draftCopy = { itemCode: v.item.code, outcome: v.outcome, fine: v.fine, partyType: v.partyType,
      idNumber: v.idNumber, name: v.name, place: v.place, when: v.when, facts: v.facts };
    const main = { kind: "case", label, method: "POST", path: "/api/v1/cases/", draft: draftCopy };
    const after = [];
    if (v.outcome === "fine" || v.outcome === "warning") {
      main.body = { ...base, procedure: "simple", penalty_kinds: v.outcome === "fine" ? ["fine"] : ["warning"],
        fine: v.outcome === "fine" ? v.fine : null, decided_on: today };
    } else {
      main.body = { ...base, procedure: "ordinary", file_now: true, penalty_kinds: [], fine: null, filed_on: today };
      // The true dates of the steps (the phone may send them a day later): the server keeps them (补录).
      const action = v.outcome === "correction"
        ? { action: "issue_correction_order", ordered_on: today, correction_deadline: deadlineInput.value }
        : { action: "decide_no_penalty", grounds: "first_violation", decided_on: today,
          decision_text: gettext("First minor violation, corrected on the spot; the party was educated (art. 33).") };
      after.push({ kind: "transition", label: `${label} · ${action.action}`, method: "POST",
        path: "/api/v1/cases/{after}/transition/", body: action });
    }
    for (const photo of state.photos) {
      after.push({ kind: "evidence", label: fmt(gettext("Photo for %(label)s"), { label }), method: "POST",
        path: "/api/v1/cases/{after}/evidence/",
        body: { kind: "photo", description: fmt(gettext("On-site photo, taken %(time)s"), { time: photo.taken_at.slice(0, 16).replace("T", " ") }) },
        files: { file: { blob: photo.blob, name: photo.name } } });
    }
    return { main, after };
  }

  async function onSubmit(event) {
    event.preventDefault();
    renderChecks();
    if (state.problems.length || !state.item) return;
    const { main, after } = specs();
    main.body = await withPosition(main.body);  // where the case was recorded, if the officer allows it
    if (onDone) { await onDone(main, after); return; }
    const first = await outbox.enqueue(main, { hold: true });
    for (const spec of after) await outbox.enqueue({ ...spec, after: first.id }, { hold: true });
    outbox.flush();
    location.hash = `#/record/${first.id}`;
  }

  const form = h("form", { id: "spot-form", novalidate: true, onsubmit: onSubmit },
    h("h2", {}, gettext("Enforcement item")),
    field(gettext("Find the item"), query),
    results, itemBox, outcomeBox, amountBox, partyBox,
    h("details", { class: "card" }, h("summary", {}, gettext("Place, time and facts")),
      field(gettext("Place of the violation"), placeInput), field(gettext("Time of the violation"), timeInput),
      field(gettext("Facts"), factsInput)),
    peopleBox, photoBox, checkBox, submit);
  mount(form);
  renderResults();
  renderParty();
  renderPeople();
  renderPhotos();
  refresh();
  if (!state.item) query.focus();
  return form;
}
