// 位置: the phone's position (WGS-84, navigator.geolocation) attached to a record when the officer allows it.
// The browser asks once; "Me" has a switch to stop attaching it. Never blocks a record: no answer within a few
// seconds, a refusal or no GPS simply records without a position. The position travels in the outbox body, so
// a record made offline keeps where it was made; the server checks the ranges.
import { kvGet, kvSet } from "./db.js";

const SETTING = "record_position";
const TIMEOUT_MS = 6000;

export async function enabled() {
  return (await kvGet(SETTING)) !== false;
}

export async function setEnabled(value) {
  await kvSet(SETTING, Boolean(value));
}

// {latitude, longitude} as strings with 6 decimals (about 0.1 m), or null.
export async function current() {
  if (!("geolocation" in navigator) || !(await enabled())) return null;
  return new Promise((resolve) => {
    let done = false;
    const finish = (value) => { if (!done) { done = true; resolve(value); } };
    setTimeout(() => finish(null), TIMEOUT_MS + 500);
    navigator.geolocation.getCurrentPosition(
      (pos) => finish({ latitude: pos.coords.latitude.toFixed(6), longitude: pos.coords.longitude.toFixed(6) }),
      () => finish(null),
      { enableHighAccuracy: true, timeout: TIMEOUT_MS, maximumAge: 60000 });
  });
}

// The body with the position added when there is one.
export async function withPosition(body) {
  const where = await current();
  return where ? { ...body, ...where } : body;
}
