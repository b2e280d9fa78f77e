// 检查: one subject of a week task, with the checklist points (pass / fail / photo per point). Problems found
// become a case (检查发现) once the inspection is on the server. Queued in the outbox like everything else.
import * as outbox from "../outbox.js";
import { withPosition } from "../position.js";
import { chineseDate, fmt, h, isoDay, mount, setTitle, gettext, toast } from "../ui.js";

export async function renderInspect(app, taskCode, uscc) {
  const data = app.data;
  const task = data.tasks.find((x) => x.code === decodeURIComponent(taskCode));
  const subject = task && task.subjects.find((s) => s.uscc === decodeURIComponent(uscc));
  setTitle(gettext("Inspection"));
  if (!task || !subject) {
    mount(h("p", { class: "empty" }, gettext("This task is not on the phone any more.")), h("a", { href: "#/" }, gettext("Back")));
    return;
  }
  const checklist = (data.checklists || []).find((c) => c.code === task.checklist);
  const points = checklist ? checklist.points : [];
  const answers = Object.fromEntries(points.map((p) => [p.code, { passed: null, note: "", photo: null }]));
  const officers = task.officers.length >= 2 ? task.officers
    : [data.officer, data.partner].filter(Boolean).map((o) => o.employee_number);
  const note = h("textarea", { id: "inspection-note", rows: "2" });
  const status = h("div", { id: "inspection-checks", "aria-live": "polite" });
  const submit = h("button", { type: "submit", class: "primary big", id: "submit-inspection" }, gettext("Record the inspection"));

  function pointView(point, index) {
    const answer = answers[point.code];
    const noteInput = h("input", { id: `note-${index}`, value: answer.note, placeholder: gettext("What was found") });
    noteInput.addEventListener("input", () => { answer.note = noteInput.value; });
    const photo = h("input", { id: `photo-${index}`, type: "file", accept: "image/*", capture: "environment",
      class: "visually-hidden" });
    photo.addEventListener("change", () => {
      answer.photo = photo.files[0] ? { blob: photo.files[0], name: photo.files[0].name || "photo.jpg" } : null;
    });
    const group = h("div", { class: "choices", role: "group", "aria-label": point.text },
      [[true, gettext("Pass")], [false, gettext("Fail")]].map(([value, label]) => h("button", { type: "button",
        "aria-pressed": String(answer.passed === value), dataset: { point: point.code, passed: String(value) },
        onclick: () => { answer.passed = value; render(); } }, label)));
    return h("div", { class: "point" }, h("p", {}, h("strong", {}, `${index + 1}. `), point.text),
      h("p", { class: "muted" }, point.item_name), group,
      answer.passed === false ? [h("label", { for: noteInput.id }, gettext("Problem")), noteInput] : null,
      h("div", { class: "camera" }, photo, h("label", { for: photo.id, class: "button" }, gettext("Take a photo"))),
      answer.photo ? h("p", { class: "hint" }, fmt(gettext("Photo chosen: %(name)s"), { name: answer.photo.name })) : null);
  }

  const list = h("div", { id: "points" });
  function render() {
    list.replaceChildren(...points.map(pointView));
    const open = points.filter((p) => answers[p.code].passed === null).length;
    const problems = [];
    if (!points.length) problems.push(gettext("The task has no checklist: record it on the web site."));
    if (open) problems.push(fmt(gettext("%(n)s check points still open."), { n: open }));
    if (officers.length < 2) problems.push(gettext("At least two enforcement officers must take part (Administrative Penalty Law art. 42)."));
    status.replaceChildren(problems.length ? h("ul", { class: "rule bad" }, problems.map((p) => h("li", {}, p))) : "");
    submit.disabled = problems.length > 0;
  }

  async function onSubmit(event) {
    event.preventDefault();
    if (submit.disabled) return;
    const label = `${gettext("Inspection")} · ${subject.name}`;
    const first = await outbox.enqueue({ kind: "inspection", label, method: "POST", path: "/api/v1/planning/inspections/",
      body: await withPosition({ task: task.code, subject: subject.uscc, inspected_on: isoDay(), officers,
        note: note.value.trim(),
        results: points.map((p) => ({ point: p.code, passed: answers[p.code].passed, note: answers[p.code].note })) }) });
    for (const point of points) {
      const answer = answers[point.code];
      if (answer.photo) {
        await outbox.enqueue({ kind: "evidence", label: fmt(gettext("Photo for %(label)s"), { label: point.text }), method: "POST",
          path: "/api/v1/planning/inspections/{after}/evidence/", after: first.id, body: { point: point.code },
          files: { file: answer.photo } });
      }
      if (answer.passed === false) {
        await outbox.enqueue({ kind: "open_case", label: fmt(gettext("Case from: %(point)s"), { point: point.text }), method: "POST",
          path: "/api/v1/planning/inspections/{after}/open-case/", after: first.id, body: { point: point.code } });
      }
    }
    subject.inspected = true;
    toast(gettext("Inspection recorded; it is sent with the next sync."));
    location.hash = `#/record/${first.id}`;
  }

  mount(h("form", { id: "inspect-form", novalidate: true, onsubmit: onSubmit },
    h("h2", {}, subject.name),
    h("p", { class: "muted" }, `${subject.address} · ${task.department} · ${chineseDate(task.date)}`),
    checklist ? h("h3", {}, checklist.name) : null,
    list,
    h("label", { for: note.id }, gettext("Note")), note,
    h("p", { class: "hint" }, gettext("Failed points become cases (found in inspection) when the inspection is on the server.")),
    status, submit));
  render();
}
