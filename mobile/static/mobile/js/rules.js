// The legal checks the phone can make from its cached data before anything is sent (行政处罚法); the server
// checks the same again (cases.workflow guards). Each problem names its article, like the server's.
import { fmt, parseDay, gettext } from "./ui.js";

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

// GB 11643: 18 characters, the last one a checksum (X for 10), with a real birth date.
export function validIdNumber(value) {
  const id = String(value || "").trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  if (CHECK[sum % 11] !== id[17]) return false;
  const y = Number(id.slice(6, 10)), m = Number(id.slice(10, 12)), d = Number(id.slice(12, 14));
  const birth = new Date(y, m - 1, d);
  return birth.getFullYear() === y && birth.getMonth() === m - 1 && birth.getDate() === d && birth <= new Date();
}

// GB 32100: 18 characters from the code set, the last a checksum (mod 31).
const USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export function validUscc(value) {
  const code = String(value || "").trim().toUpperCase();
  if (code.length !== 18 || [...code].some((c) => !USCC_CHARS.includes(c))) return false;
  const sum = USCC_WEIGHTS.reduce((acc, w, i) => acc + w * USCC_CHARS.indexOf(code[i]), 0);
  return USCC_CHARS[(31 - (sum % 31)) % 31] === code[17];
}

export function ageOn(idNumber, day) {
  const id = String(idNumber);
  const birth = new Date(Number(id.slice(6, 10)), Number(id.slice(10, 12)) - 1, Number(id.slice(12, 14)));
  let age = day.getFullYear() - birth.getFullYear();
  if (day.getMonth() < birth.getMonth() || (day.getMonth() === birth.getMonth() && day.getDate() < birth.getDate())) age -= 1;
  return age;
}

function addYears(day, years) {
  const copy = new Date(day);
  copy.setFullYear(copy.getFullYear() + years);
  return copy;
}

// The checks of an on-the-spot (simple procedure) decision. Returns {problems: [..], notes: [..]}.
export function checkSpotCase({ item, officers, outcome, fine, partyType, idNumber, violationDate, today, limits }) {
  const problems = [];
  const notes = [];
  const day = parseDay(today);
  if (!item) return { problems: [gettext("Choose the enforcement item.")], notes };
  if (!item.empowered) {
    problems.push(fmt(gettext("Art. 24: the township is not empowered for item %(code)s; it cannot be handled here."), { code: item.code }));
    return { problems, notes };
  }
  if (item.empowered_until && parseDay(item.empowered_until) < day) {
    problems.push(fmt(gettext("Art. 24: the empowerment for item %(code)s ended on %(date)s."), { code: item.code, date: item.empowered_until }));
  }
  if (officers.length < 2) problems.push(gettext("Art. 42: at least two enforcement officers must handle the case."));
  const invalid = officers.filter((o) => !o.certificate_expiry || parseDay(o.certificate_expiry) < day).map((o) => o.name);
  if (invalid.length) problems.push(fmt(gettext("Art. 42, 55: these officers hold no valid enforcement certificate: %(names)s."), { names: invalid.join("、") }));
  if (violationDate) {
    const violation = parseDay(violationDate);
    if (violation > day) problems.push(gettext("Dates cannot be in the future."));
    else if (addYears(violation, item.limitation_years || 2) < day) {
      problems.push(fmt(gettext("Art. 36: the violation of %(date)s was not discovered within %(years)s years; no penalty may be imposed."),
        { date: violationDate, years: item.limitation_years || 2 }));
    }
  }
  if (partyType === "citizen" && idNumber && validIdNumber(idNumber) && ageOn(idNumber, day) < 14) {
    problems.push(gettext("Art. 30: a minor under 14 is not penalised; order the guardian to discipline the minor."));
  }
  const limit = Number(partyType === "organisation" ? limits.simple_max_fine_org : limits.simple_max_fine_citizen);
  if (outcome === "fine") {
    const amount = Number(fine);
    if (!fine || !(amount > 0)) problems.push(gettext("A fine needs an amount above zero."));
    else {
      if (amount > limit) problems.push(fmt(gettext("Art. 51: the simple procedure allows only a warning or a fine of at most %(limit)s yuan for this party; use the ordinary procedure."), { limit }));
      if (item.fine_max !== null && amount > Number(item.fine_max)) problems.push(fmt(gettext("The fine exceeds the legal maximum of %(max)s yuan for this item."), { max: item.fine_max }));
      if (item.fine_min !== null && amount < Number(item.fine_min)) notes.push(fmt(gettext("Below the item's minimum of %(min)s yuan: only with a ground of art. 32 and legal review."), { min: item.fine_min }));
      const kinds = (item.penalty_kinds || []).map((k) => k.kind);
      if (kinds.length && !kinds.includes("fine")) problems.push(gettext("The item's legal basis does not provide a fine."));
      if (item.correction_first) problems.push(gettext("Correction-first list: issue an order to correct before any penalty decision."));
      const tiers = item.tiers || [];
      if (tiers.length && !tiers.some((tier) => Number(tier.fine_min) <= amount && amount <= Number(tier.fine_max))) {
        problems.push(fmt(gettext("The fine of %(fine)s yuan is outside the item's discretion bands; record the reason."), { fine: amount }));
      }
    }
  }
  if (outcome === "warning") {
    const kinds = (item.penalty_kinds || []).map((k) => k.kind);
    if (kinds.length && !kinds.includes("warning") && !item.warning_only) problems.push(gettext("The item's legal basis does not provide a warning."));
    if (item.correction_first) problems.push(gettext("Correction-first list: issue an order to correct before any penalty decision."));
  }
  return { problems, notes };
}

// Preset amounts of a discretion band that the simple procedure allows: the band's minimum, middle and maximum.
export function presets(item, limit) {
  const amounts = new Set();
  for (const tier of item.tiers || []) {
    const low = Number(tier.fine_min), high = Number(tier.fine_max);
    for (const value of [low, Math.round((low + high) / 2 / 10) * 10, high]) {
      if (value > 0 && value <= limit) amounts.add(value);
    }
  }
  if (!amounts.size && item.fine_min !== null) {
    const low = Number(item.fine_min);
    if (low > 0 && low <= limit) amounts.add(low);
    if (limit >= low) amounts.add(Math.min(limit, Number(item.fine_max ?? limit)));
  }
  return [...amounts].sort((a, b) => a - b);
}
