// Sending a message (shown at once as pending, retried with the same client id) and changing one: edit, delete, react.
import { api, errorText } from "../api";
import { changed, state, toast, type Outgoing } from "../store";
import type { MessageView } from "../types";
import { isPrivateChat, sealFor } from "./chats";
import { connectedHub } from "./connection";
import { upsertMessage } from "./history";
import { isStale, session } from "./session";
import { envelopeOf, sealedFile, type SealedFile } from "../private/media";

export function send(chatId: string, text: string, replyToId: string | null, mediaIds: string[] = [], previews: string[] = [],
  sealed: SealedFile[] = []) {
  const outgoing: Outgoing = {
    clientMessageId: crypto.randomUUID(), chatId, text, replyToId, mediaIds, previews, status: "sending", at: new Date().toISOString(), sealed,
  };
  state.outgoing.push(outgoing);
  changed();
  return deliver(outgoing);
}

export function retry(outgoing: Outgoing) {
  outgoing.status = "sending";
  outgoing.error = undefined;
  changed();
  return deliver(outgoing);
}

export function discard(outgoing: Outgoing) {
  state.outgoing = state.outgoing.filter(o => o !== outgoing);
  changed();
}

async function deliver(o: Outgoing) {
  const started = session();
  try {
    const message = await postMessage(o);
    if (isStale(started)) return;
    upsertMessage(message, true);
    changed();
  } catch (e) {
    o.status = "failed";
    o.error = errorText(e);
    changed();
  }
}

// Over the open connection when there is one (no HTTP round trip), else by REST. A refusal because the server is
// busy ("messaging.busy; retry-after=N": nothing was stored) is retried over the hub after the hint, a little
// spread so refused devices do not all come back at once; any other hub failure (a dropped connection, another
// refusal, no answer within a few seconds) and a third busy refusal fall back to REST: the same clientMessageId
// makes the retry safe, and REST's ProblemDetails carry the message the person should see. Offline, a WebSocket
// can look connected until its keep-alive times out, so the hub is not tried then.
const HubSendTimeoutMs = 4000;
const HubBusyRetries = 2;

async function postMessage(o: Outgoing): Promise<MessageView> {
  // A private chat's text leaves this device only as MLS ciphertext (issue 18).
  // Its files were encrypted and uploaded before (../private/media): their ids go in the clear, their keys inside.
  if (isPrivateChat(o.chatId)) o.ciphertext ??= await sealFor(o.chatId, envelopeOf(o.text, o.sealed ?? []));
  const body = o.ciphertext
    ? { clientMessageId: o.clientMessageId, text: null, mediaIds: o.mediaIds, replyToId: o.replyToId, ciphertext: o.ciphertext }
    : { clientMessageId: o.clientMessageId, text: o.text || null, mediaIds: o.mediaIds, replyToId: o.replyToId };
  for (let attempt = 0; ; attempt++) {
    const hub = connectedHub();
    if (!hub || !navigator.onLine) break;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        hub.invoke<MessageView>("Send", o.chatId, body),
        new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error("hub send timed out")), HubSendTimeoutMs); }),
      ]);
    } catch (e) {
      const wait = busyRetryAfterMs(e);
      if (wait === null || attempt >= HubBusyRetries) break;
      await new Promise(resolve => setTimeout(resolve, wait * (1 + Math.random() / 2)));
    } finally {
      clearTimeout(timer);
    }
  }
  return api.post<MessageView>(`/api/chats/${o.chatId}/messages`, body);
}

/** The hub's busy refusal carries its hint in seconds after the stable code; null for any other failure. */
function busyRetryAfterMs(e: unknown): number | null {
  const match = /messaging\.busy; retry-after=(\d+)/.exec(e instanceof Error ? e.message : String(e));
  return match ? Number(match[1]) * 1000 : null;
}

/** One change to a message: the answer replaces it in place, a failure is a toast. */
async function change(request: Promise<MessageView>) {
  const started = session();
  try {
    const message = await request;
    if (isStale(started)) return;
    upsertMessage(message, false);
    changed();
  } catch (e) {
    toast(errorText(e));
  }
}

export const edit = (m: MessageView, text: string) =>
  change(isPrivateChat(m.chatId)
    // An edit keeps the photos: the new plaintext carries their keys again.
    ? sealFor(m.chatId, envelopeOf(text, m.attachments.flatMap(a => sealedFile(a.mediaId) ?? []))).then(ciphertext => api.patch<MessageView>(`/api/chats/${m.chatId}/messages/${m.id}`, { ciphertext }))
    : api.patch<MessageView>(`/api/chats/${m.chatId}/messages/${m.id}`, { text }));

export const remove = (m: MessageView) =>
  change(api.del<MessageView>(`/api/chats/${m.chatId}/messages/${m.id}`));

export function toggleReaction(m: MessageView, emoji: string) {
  const mine = m.reactions.find(r => r.emoji === emoji)?.userIds.includes(state.me?.id ?? "");
  const path = `/api/chats/${m.chatId}/messages/${m.id}/reactions/${encodeURIComponent(emoji)}`;
  return change(mine ? api.del<MessageView>(path) : api.put<MessageView>(path));
}
