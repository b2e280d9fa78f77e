// 线索: a clue the command centre dispatched to the officer. Acknowledge, arrive (with the true time), report the
// result — offline too: each move waits in the outbox with the state the officer saw (expected_state).
import { kvSet } from "../db.js";
import * as outbox from "../outbox.js";
import { current } from "../position.js";
import { chineseDateTime, field, fmt, gettext, gettext_noop, h, mount, setTitle, toast } from "../ui.js";

// state -> [action, label, next state, needs a note, what the phone shows until the server confirms]
const MOVES = {
  dispatched: [["acknowledge", gettext_noop("Acknowledge"), "acknowledged", false, gettext_noop("acknowledged")]],
  acknowledged: [["arrive", gettext_noop("Arrived on the spot"), "arrived", false, gettext_noop("arrived on the spot")]],
  arrived: [["report_handled", gettext_noop("Handled on the spot"), "closed", true, gettext_noop("handled on the spot")],
    ["report_no_violation", gettext_noop("No violation found"), "closed", true, gettext_noop("no violation")]],
};

export async function renderClue(app, code) {
  setTitle(gettext("Clue"));
  const clue = (app.data.clues || []).find((c) => c.code === code);
  if (!clue) {
    mount(h("p", { class: "empty" }, gettext("This clue is not on the phone (any more).")), h("a", { href: "#/" }, gettext("Back")));
    return;
  }
  const note = h("textarea", { id: "clue-note", rows: "3" });
  const moves = MOVES[clue.state] || [];

  async function move([action, label, next, needsNote, nextLabel]) {
    if (needsNote && !note.value.trim()) {
      document.getElementById("clue-note-error").textContent = gettext("Write what was done or found.");
      document.getElementById("clue-note-error").hidden = false;
      return;
    }
    const body = { expected_state: clue.state };
    if (note.value.trim()) body.note = note.value.trim();
    if (action === "arrive") {
      body.arrived_at = new Date().toISOString(); // the true time, also when sent later
      Object.assign(body, await current() || {}); // and the true place, if the officer allows it
    }
    await outbox.enqueue({ kind: "clue", label: `${gettext(label)} · ${clue.summary || clue.code}`, method: "POST",
      path: `/api/v1/clues/${encodeURIComponent(clue.code)}/${action.replaceAll("_", "-")}/`, body });
    clue.state = next; // the phone shows the move at once; the server confirms it when online
    clue.state_label = gettext(nextLabel);
    await kvSet("data", app.data);
    toast(navigator.onLine ? gettext("Sent.") : gettext("Recorded; it is sent when the network returns."));
    app.rerender();
  }

  mount(h("section", { class: "card" },
    h("h2", {}, clue.summary || clue.code),
    h("p", {}, h("span", { class: "badge" }, clue.state_label), " ", clue.urgency_label ? h("span", { class: "badge warn" }, clue.urgency_label) : ""),
    h("dl", { class: "doc" },
      h("dt", {}, gettext("Clue number")), h("dd", {}, clue.code),
      h("dt", {}, gettext("Address")), h("dd", {}, clue.address || "—"),
      clue.subject_name ? [h("dt", {}, gettext("Suspected party")), h("dd", {}, clue.subject_name)] : null,
      clue.item_name ? [h("dt", {}, gettext("Item")), h("dd", {}, clue.item_name)] : null,
      h("dt", {}, gettext("On the spot by")), h("dd", {}, chineseDateTime(clue.response_deadline)))),
  moves.some((m) => m[3]) ? [field(gettext("What was done or found"), note),
    h("p", { class: "error", id: "clue-note-error", role: "alert", hidden: true })] : null,
  h("div", { class: "actions" }, moves.map((m) => h("button", { type: "button", class: "primary big",
    dataset: { move: m[0] }, onclick: () => move(m) }, gettext(m[1])))),
  clue.state === "arrived" ? h("a", { class: "button big", href: "#/spot" }, gettext("File an on-the-spot case")) : null,
  moves.length ? null : h("p", { class: "muted" }, fmt(gettext("Nothing more to do on the phone for this clue (%(state)s)."), { state: clue.state_label })),
  h("p", {}, h("a", { href: "#/" }, gettext("Back to today's tasks"))));
}
