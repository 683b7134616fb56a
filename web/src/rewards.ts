// Where first coins come from (issue 16): an invite link's code kept until sign-up, and this browser's device id for
// the welcome reward's per-device limit (a weak signal by design: the per-IP limit is the strong one).
import type { components } from "./generated/api";

type Schemas = components["schemas"];

export type RewardsView = Schemas["RewardsView"];
export type RewardView = Schemas["RewardView"];
export type InviteView = Schemas["InviteView"];

const inviteKey = "openchat.invite";
const deviceKey = "openchat.device";

// An invite link is /?invite=CODE: keep the code for the sign-up that may come later, and tidy the address bar.
(function keepInviteFromLink() {
  if (typeof location === "undefined") return;
  const params = new URLSearchParams(location.search);
  const code = params.get("invite");
  const clean = code?.trim().toLowerCase();
  // Only what the server accepts: a mangled link must not make the sign-up fail.
  if (!clean || !/^[a-z2-7]{1,32}$/.test(clean)) return;
  try { localStorage.setItem(inviteKey, clean); } catch { /* private mode: the code is lost */ }
  params.delete("invite");
  const rest = params.toString();
  history.replaceState(history.state, "", location.pathname + (rest ? `?${rest}` : "") + location.hash);
})();

export function pendingInviteCode(): string | undefined {
  try { return localStorage.getItem(inviteKey) ?? undefined; } catch { return undefined; }
}

export function forgetInviteCode() {
  try { localStorage.removeItem(inviteKey); } catch { /* nothing kept */ }
}

export function deviceId(): string | undefined {
  try {
    let id = localStorage.getItem(deviceKey);
    if (!id) {
      id = crypto.randomUUID();
      localStorage.setItem(deviceKey, id);
    }
    return id;
  } catch { return undefined; }
}

/** A reward's state in the words a newcomer understands. */
export function rewardText(r: RewardView, what: string): string {
  if (r.status === "Paid") return `${what}: ${r.amount ?? ""} CHAT received`.replace(":  CHAT", "");
  if (r.status === "Refused") return `${what} ${r.reason ?? "not paid"}`;
  if (r.status === "Waiting") return `${what}: ${r.reason ?? "waiting"}`;
  if (r.reason) return `${what} ${r.reason}`;
  return `${what} on its way`;
}
