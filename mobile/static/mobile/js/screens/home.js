// 任务首页: what needs me today, one tap into each — what the server sent back, dispatched clues, today's
// inspection tasks, my cases waiting for an action (with their legal deadline), documents to deliver.
import { kvGet } from "../db.js";
import * as outbox from "../outbox.js";
import { chineseDate, chineseDateTime, daysFromToday, fmt, gettext, gettext_noop, h, isoDay, messagesOf, mount, setTitle } from "../ui.js";

const DUE_REASONS = {
  deliver: gettext_noop("Deliver the decision (art. 61)"),
  statement: gettext_noop("Statement and defence period ends (art. 45)"),
  correction: gettext_noop("Correction deadline"),
  decide: gettext_noop("Decision deadline (art. 60)"),
};

function dueBadge(day) {
  if (!day) return "";
  const days = daysFromToday(day);
  const text = days < 0 ? fmt(gettext("%(n)s days overdue"), { n: -days }) : days === 0 ? gettext("due today") : fmt(gettext("in %(n)s days"), { n: days });
  return h("span", { class: `badge ${days < 0 ? "bad" : days <= 3 ? "warn" : ""}` }, text);
}

function section(title, rows, empty) {
  return [h("h2", {}, title), rows.length ? h("ul", { class: "list" }, rows.map((row) => h("li", {}, row)))
    : h("p", { class: "empty" }, empty)];
}

export async function renderHome(app) {
  const data = app.data;
  setTitle(gettext("Today's tasks"));
  const today = isoDay();
  const items = await outbox.items();

  const attention = items.filter((i) => i.state === "refused" || i.state === "conflict").map((item) =>
    h("a", { class: "row-link", href: `#/record/${item.id}` },
      h("span", { class: "main" }, h("strong", {}, item.state === "conflict" ? gettext("Request id conflict") : gettext("Refused by the server")),
        h("br"), item.label, h("br"),
        h("span", { class: "muted" }, item.state === "conflict" ? gettext("Compare the two versions and choose.")
          : messagesOf(item.refusal).slice(0, 2).join(" "))),
      h("span", { class: "side" }, h("span", { class: "badge bad" }, gettext("to handle")))));

  const clueRows = (data.clues || []).map((clue) => h("a", { class: "row-link", href: `#/clue/${encodeURIComponent(clue.code)}`,
    dataset: { clue: clue.code } },
  h("span", { class: "main" }, clue.summary || clue.code, h("br"), h("span", { class: "muted" }, `${clue.address || ""} · ${clue.state_label}`)),
  h("span", { class: "side" }, clue.overdue ? h("span", { class: "badge bad" }, gettext("overdue"))
    : h("span", { class: "badge" }, chineseDateTime(clue.response_deadline)))));
  const recheckRows = (data.rechecks || []).map((w) => h("div", { class: "row-link" },
    h("span", { class: "main" }, w.address, h("br"), h("span", { class: "muted" }, w.requirement || "")),
    h("span", { class: "side" }, dueBadge(w.deadline))));

  const tasks = data.tasks.filter((task) => task.date <= today || daysFromToday(task.date) <= 2);
  const taskRows = tasks.flatMap((task) => task.subjects.map((subject) => h("a", {
    class: "row-link", href: `#/inspect/${encodeURIComponent(task.code)}/${encodeURIComponent(subject.uscc)}`,
    "aria-disabled": subject.inspected ? "true" : null },
  h("span", { class: "main" }, subject.name, h("br"),
    h("span", { class: "muted" }, `${task.department} · ${task.inspection_type_label} · ${chineseDate(task.date)}`)),
  h("span", { class: "side" }, subject.inspected ? h("span", { class: "badge ok" }, gettext("inspected"))
    : task.date < today ? h("span", { class: "badge bad" }, gettext("overdue")) : h("span", { class: "badge" }, gettext("to inspect"))))));

  const caseRows = data.cases.map((c) => h("a", { class: "row-link", href: `#/case/${encodeURIComponent(c.code)}` },
    h("span", { class: "main" }, `${c.party_name} · ${c.item_name}`, h("br"),
      h("span", { class: "muted" }, `${c.status_label}${c.due ? ` · ${gettext(DUE_REASONS[c.due_reason] || gettext_noop("Deadline"))} ${chineseDate(c.due)}` : ""}`)),
    h("span", { class: "side" }, c.to_deliver ? h("span", { class: "badge warn" }, gettext("to deliver")) : "", " ", dueBadge(c.due))));

  const recent = items.filter((i) => i.kind === "case").slice(-5).reverse().map((item) => h("a", {
    class: "row-link", href: `#/record/${item.id}` },
  h("span", { class: "main" }, item.label, h("br"), h("span", { class: "muted" }, chineseDateTime(item.created_at))),
  h("span", { class: "side" }, item.state === "sent" ? h("span", { class: "badge ok" }, gettext("synced"))
    : item.state === "pending" ? h("span", { class: "badge warn" }, gettext("pending")) : h("span", { class: "badge bad" }, gettext("to handle")))));

  const updated = await kvGet("data_at");
  mount(
    h("p", { class: "muted" }, `${data.user.display_name} · ${data.user.township_name} · ${chineseDate(today)}`),
    h("a", { class: "button primary big", href: "#/spot", id: "new-spot" }, gettext("New on-the-spot case")),
    attention.length ? section(gettext("Sent back to you"), attention, "") : null,
    data.clues ? section(gettext("Dispatched clues"), clueRows, gettext("No clue dispatched to you.")) : null,
    recheckRows.length ? section(gettext("Warnings due for re-check"), recheckRows, "") : null,
    section(gettext("Inspections today"), taskRows, gettext("No inspection task for today.")),
    section(gettext("My cases waiting for an action"), caseRows, gettext("No open case waits for you.")),
    recent.length ? section(gettext("Recorded on this phone"), recent, "") : null,
    h("p", { class: "muted" }, fmt(gettext("Working data of %(time)s."), { time: chineseDateTime(updated) }), " ",
      h("button", { type: "button", id: "refresh", onclick: async () => {
        if (await app.refresh({ quiet: false })) app.rerender();
      } }, gettext("Update"))),
  );
}
