// 我的: who is signed in on this phone, the working data, and signing out (which leaves nothing behind).
import { kvGet } from "../db.js";
import * as outbox from "../outbox.js";
import * as position from "../position.js";
import { chineseDate, chineseDateTime, fmt, h, mount, setTitle, gettext } from "../ui.js";

export async function renderMe(app) {
  const data = app.data;
  setTitle(gettext("Me"));
  const counts = await outbox.counts();
  const expires = await kvGet("token_expires");
  const officer = data.officer;
  const where = h("input", { type: "checkbox", id: "record-position", checked: await position.enabled(),
    onchange: async (event) => { await position.setEnabled(event.target.checked); } });
  const logout = h("button", { type: "button", class: "danger big", id: "logout", onclick: async () => {
    if (counts.pending && !confirm(fmt(gettext("%(n)s records are not sent yet and would be lost. Sign out anyway?"), { n: counts.pending }))) return;
    await app.logout();
  } }, gettext("Sign out of this phone"));
  mount(
    h("section", { class: "card" },
      h("h2", {}, data.user.display_name),
      h("p", {}, `${data.user.township_name}`),
      officer ? h("p", {}, fmt(gettext("Employee number %(number)s"), { number: officer.employee_number }), " · ",
        officer.certificate_valid ? fmt(gettext("certificate valid until %(date)s"), { date: chineseDate(officer.certificate_expiry) })
          : h("span", { class: "badge bad" }, gettext("no valid enforcement certificate"))) : null,
      data.partner ? h("p", {}, fmt(gettext("Usual partner: %(name)s"), { name: data.partner.name })) : null,
      h("p", { class: "muted" }, fmt(gettext("This phone's sign-in is valid until %(time)s."), { time: chineseDateTime(expires) }))),
    h("section", { class: "card" },
      h("h2", {}, gettext("Zones")),
      (data.zones || []).filter((z) => z.mine).length
        ? h("ul", {}, data.zones.filter((z) => z.mine).map((z) => h("li", {}, `${z.name}(${z.officers.join("、")})`)))
        : h("p", { class: "empty" }, gettext("You are not responsible for a zone."))),
    h("section", { class: "card" },
      h("h2", {}, gettext("Position")),
      h("label", { for: where.id, class: "check" }, where, " ", gettext("Attach my position to cases, inspections and arrivals")),
      h("p", { class: "hint" }, gettext("The phone asks for permission once. Without it, or without a GPS fix, records are kept without a position."))),
    h("p", {}, h("a", { href: "/accounts/devices/" }, gettext("My devices (web site): sign out a lost phone"))),
    logout,
  );
}
