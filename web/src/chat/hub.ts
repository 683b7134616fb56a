// The realtime connection: opened after sign-in, kept open (reconnecting with back-off) until sign-out, and caught up
// through /api/sync whenever it (re)connects, since pushes sent while it was down are not replayed.
import { HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";
import { changed, state } from "../store";
import type { ChatUpdateView, PresenceView } from "../types";
import { currentHub, setHub } from "./connection";
import { onSignOut } from "./session";
import { apply, catchUp, findCursor } from "./sync";
import { onTyping } from "./typing";

let stopped = false;
let retry: number | undefined;
onSignOut(() => clearTimeout(retry));

export async function startRealtime() {
  stopped = false;
  await findCursor();
  const hub = new HubConnectionBuilder()
    .withUrl("/hubs/chat")
    // Keep trying for as long as the page is open: a restarted server comes back at some point.
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => Math.min(500 * 2 ** ctx.previousRetryCount, 4000) })
    .configureLogging(LogLevel.None)
    .build();
  setHub(hub);
  hub.on("Update", (u: ChatUpdateView) => apply(u, true));
  hub.on("Typing", onTyping);
  hub.on("Presence", (p: PresenceView) => { state.presence.set(p.userId, p); changed(); });
  // Another device added, renamed or removed a passkey: the wallet's device list reads them again.
  // The change rides along: a passkey removed takes its device out of the private chats too (private/devices).
  hub.on("DevicesChanged", (change: unknown) => window.dispatchEvent(new CustomEvent("openchat:devices-changed", { detail: change })));
  hub.onreconnecting(() => { state.connection = "reconnecting"; changed(); });
  hub.onreconnected(() => {
    state.connection = "online";
    changed();
    loadPresence().finally(() => catchUp().catch(() => {}));
  });
  hub.onclose(() => {
    if (stopped || currentHub() !== hub) return;
    state.connection = "reconnecting";
    changed();
    retry = window.setTimeout(connect, 2000);
  });
  await connect();
}

async function connect() {
  const hub = currentHub();
  if (!hub || stopped || hub.state !== HubConnectionState.Disconnected) return;
  try {
    await hub.start();
    state.connection = "online";
    changed();
    // Catch up only after the hub has answered a call: start() returns at the handshake, before a scaled-out
    // service's backplane has subscribed this user (pushes in between reach nobody), so a sync made earlier could
    // miss a message committed in that gap. After the answer, whatever the sync does not return is pushed.
    await loadPresence();
    await catchUp();
  } catch {
    if (stopped || currentHub() !== hub) return;
    state.connection = "reconnecting";
    changed();
    retry = window.setTimeout(connect, 2000);
  }
}

/**
 * Who of our contacts is online now: pushes only tell of changes, so a device that (re)connects asks, and shows the
 * same as the other side. Whoever it thought online and is not listed went offline meanwhile.
 */
function loadPresence(): Promise<void> {
  const hub = currentHub();
  if (!hub) return Promise.resolve();
  return hub.invoke<PresenceView[]>("OnlineContacts").then(online => {
    if (currentHub() !== hub) return;
    const now = new Set(online.map(p => p.userId));
    for (const [id, p] of state.presence) if (p.online && !now.has(id)) state.presence.set(id, { ...p, online: false });
    for (const p of online) state.presence.set(p.userId, p);
    changed();
  }).catch(() => {});
}

window.addEventListener("online", () => { connect(); });

export async function stopRealtime() {
  stopped = true;
  clearTimeout(retry);
  const hub = currentHub();
  setHub(null);
  await hub?.stop();
}
