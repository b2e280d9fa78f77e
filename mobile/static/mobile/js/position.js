// 位置: the phone's position (WGS-84, navigator.geolocation) attached to a record when the officer allows it.
// The browser asks once; "Me" has a switch to stop attaching it. A record never waits long for it: the phone keeps
// the latest fix while the app is open (watchPosition) and a record takes it if it is at most two minutes old,
// else waits at most 1.5 s for a new one; a refusal or no GPS records without a position. The position travels in
// the outbox body, so a record made offline keeps where it was made; the server checks the ranges.
import { kvGet, kvSet } from "./db.js";

const SETTING = "record_position";
const FRESH_MS = 120000;
const WAIT_MS = 1500;
let last = null;      // {latitude, longitude, at}
let watching = null;

export async function enabled() {
  return (await kvGet(SETTING)) !== false;
}

function keep(pos) {
  last = { latitude: pos.coords.latitude.toFixed(6), longitude: pos.coords.longitude.toFixed(6), at: Date.now() };
}

export async function start() {
  if (watching !== null || !("geolocation" in navigator) || !(await enabled())) return;
  watching = navigator.geolocation.watchPosition(keep, () => {}, { enableHighAccuracy: true, maximumAge: 60000 });
}

export async function setEnabled(value) {
  await kvSet(SETTING, Boolean(value));
  if (!value && watching !== null) { navigator.geolocation.clearWatch(watching); watching = null; last = null; }
  if (value) await start();
}

// {latitude, longitude} as strings with 6 decimals (about 0.1 m), or null.
export async function current() {
  if (!("geolocation" in navigator) || !(await enabled())) return null;
  if (last && Date.now() - last.at <= FRESH_MS) return { latitude: last.latitude, longitude: last.longitude };
  return new Promise((resolve) => {
    let done = false;
    const finish = (value) => { if (!done) { done = true; resolve(value); } };
    setTimeout(() => finish(null), WAIT_MS);
    navigator.geolocation.getCurrentPosition(
      (pos) => { keep(pos); finish({ latitude: last.latitude, longitude: last.longitude }); },
      () => finish(null), { enableHighAccuracy: true, timeout: WAIT_MS, maximumAge: FRESH_MS });
  });
}

// The body with the position added when there is one.
export async function withPosition(body) {
  const where = await current();
  return where ? { ...body, ...where } : body;
}
