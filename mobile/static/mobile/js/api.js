// The platform's REST API with the device token (Authorization: Token …). A failed fetch is "offline".
import { kvGet } from "./db.js";

const BASE = document.body.dataset.api || "/api/v1/";

export class Offline extends Error {}

export async function request(method, path, { json, form, headers = {}, raw = false } = {}) {
  const token = await kvGet("token");
  const init = { method, headers: { Accept: "application/json", ...headers }, credentials: "omit" };
  if (token) init.headers.Authorization = `Token ${token}`;
  if (json !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(json);
  } else if (form) {
    init.body = form;
  }
  let response;
  try {
    response = await fetch(path.startsWith("/") ? path : BASE + path, init);
  } catch (error) {
    throw new Offline(String(error));
  }
  if (raw) return response;
  let data = null;
  const type = response.headers.get("Content-Type") || "";
  if (type.includes("json")) data = await response.json().catch(() => null);
  return { status: response.status, ok: response.ok, data, headers: response.headers };
}

export const get = (path, options) => request("GET", path, options);
export const post = (path, json, options = {}) => request("POST", path, { json, ...options });
