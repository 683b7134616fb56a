// A user's devices in their private chats (issue 18). A new device publishes key packages signed with its own key
// and shows a link code: digits of that key's hash. An existing device of the same user, given the code, takes the
// new device's key packages and adds one to each private chat it is in: the service hands out the packages but
// cannot choose which device gets in, since a package it swapped would not match the code the user typed. A device
// is removed the same way from every private chat, by a device that stays.
import { api } from "../api";
import { state } from "../store";
import { commit, deviceId, deviceKeys, groupMembers, hasGroup, members, unb64 } from "./mls";
import { decodeMlsMessage, type KeyPackage } from "ts-mls";

const sha256 = async (data: Uint8Array) => new Uint8Array(await crypto.subtle.digest("SHA-256", data as BufferSource));

/** 12 digits over a signature public key, in three groups: short enough to type from one screen into another. */
async function codeOf(signatureKey: Uint8Array): Promise<string> {
  const hash = await sha256(signatureKey);
  let digits = "";
  for (let i = 0; i < 12; i++) digits += String(hash[i] % 10);
  return digits.match(/\d{4}/g)!.join(" ");
}

/** The code this device shows so one of the user's other devices can add it. */
export const linkCode = async (userId: string) => codeOf((await deviceKeys(userId)).publicKey);

const privateChats = () => [...state.chats.values()].filter(c => c.private).map(c => c.id);

/**
 * Adds the device whose link code was typed to every private chat this device is in. Answers how many chats it was
 * added to; throws when none of the user's published key packages matches the code.
 */
export async function addDevice(userId: string, code: string): Promise<number> {
  const wanted: Wanted = { code: code.replace(/\D/g, ""), deviceId: null };
  // The user's devices with packages in stock, other than this one: the new device is among them.
  const me = await deviceId(userId);
  const stocked = (await api.get<{ deviceId: string }[]>("/api/keys/devices")).map(d => d.deviceId).filter(d => d !== me);
  let added = 0;
  for (const chatId of privateChats()) if (await hasGroup(userId, chatId) && await addTo(userId, chatId, wanted, stocked)) added++;
  if (added === 0) throw new Error("No new device of yours shows this code. Check it, and that the new device is signed in.");
  return added;
}

/** The code typed, and the device it turned out to name once one claimed package matched it. */
interface Wanted { code: string; deviceId: string | null }

async function addTo(userId: string, chatId: string, wanted: Wanted, stocked: string[]): Promise<boolean> {
  const present = (await groupMembers(userId, chatId)) ?? [];
  for (const m of present) if ((await codeOf(m.signatureKey)).replace(/\D/g, "") === wanted.code) return true;
  // Only the devices that can be the new one: the one found before, else those with stock this chat does not hold.
  const deviceIds = wanted.deviceId ? [wanted.deviceId] : stocked.filter(d => !present.some(m => m.userId === userId && m.deviceId === d));
  if (deviceIds.length === 0) return false;
  const claimed = await api.post<{ userId: string; deviceId: string; keyPackage: string }[]>("/api/keys/packages/claim",
    { chatId, userIds: [userId], deviceIds });
  let match: KeyPackage | null = null;
  for (const c of claimed) {
    const decoded = decodeMlsMessage(unb64(c.keyPackage), 0)?.[0];
    if (decoded?.wireformat !== "mls_key_package") continue;
    if ((await codeOf(decoded.keyPackage.leafNode.signaturePublicKey)).replace(/\D/g, "") !== wanted.code) continue;
    match = decoded.keyPackage;
    wanted.deviceId = c.deviceId;
  }
  if (!match) return false;
  const keyPackage = match;
  await commit(userId, chatId, () => [{ proposalType: "add", add: { keyPackage } }], async () => { await addTo(userId, chatId, wanted, stocked); });
  return true;
}

/** The user's other devices in their private chats (by MLS device id), as this device's groups list them. */
export async function otherDevices(userId: string): Promise<{ deviceId: string; code: string }[]> {
  const me = await deviceId(userId);
  const found = new Map<string, string>();
  for (const chatId of privateChats()) {
    for (const m of (await groupMembers(userId, chatId)) ?? [])
      if (m.userId === userId && m.deviceId !== me && !found.has(m.deviceId)) found.set(m.deviceId, await codeOf(m.signatureKey));
  }
  return [...found].map(([deviceId, code]) => ({ deviceId, code }));
}

/** Removes a device of the user from every private chat: its leaves go, so it can read nothing sent afterwards. */
export async function removeDevice(userId: string, device: string): Promise<number> {
  let removed = 0;
  for (const chatId of privateChats()) {
    const from = async (): Promise<void> => {
      await commit(userId, chatId, state => members(state).filter(m => m.userId === userId && m.deviceId === device)
        .map(m => ({ proposalType: "remove" as const, remove: { removed: m.leaf } })), from);
    };
    if ((await groupMembers(userId, chatId))?.some(m => m.userId === userId && m.deviceId === device)) { await from(); removed++; }
  }
  return removed;
}

/**
 * A passkey removed (on this device or another of the user's) takes the devices signed in with it out of every
 * private chat: any remaining device of the user commits the Remove; when several do, one commit lands first and the
 * others, rebuilt on its epoch, find nothing left to remove.
 */
let following: string | null = null;
export function followDeviceRemovals(userId: string) {
  catchUpRemovals(userId).catch(() => {});
  if (following !== null) { following = userId; return; }
  following = userId;
  window.addEventListener("openchat:devices-changed", e => {
    const change = (e as CustomEvent<{ change?: string; passkey?: { id?: string } } | undefined>).detail;
    const passkey = change?.passkey?.id;
    if (change?.change === "removed" && passkey && following) removePasskeyDevices(following, passkey).catch(() => {});
  });
}

/** A passkey removed while none of the user's devices was open: on the next visit, its devices go the same way. */
async function catchUpRemovals(userId: string) {
  const passkeys = new Set((await api.get<{ id: string }[]>("/api/auth/passkeys")).map(p => p.id));
  if (passkeys.size === 0) return;
  const gone = new Set<string>();
  for (const chatId of privateChats())
    for (const m of (await groupMembers(userId, chatId)) ?? [])
      if (m.userId === userId && m.passkeyId && !passkeys.has(m.passkeyId)) gone.add(m.passkeyId);
  for (const passkeyId of gone) await removePasskeyDevices(userId, passkeyId);
}

async function removePasskeyDevices(userId: string, passkeyId: string) {
  const me = await deviceId(userId);
  const gone = new Set<string>();
  for (const chatId of privateChats())
    for (const m of (await groupMembers(userId, chatId)) ?? [])
      if (m.userId === userId && m.passkeyId === passkeyId && m.deviceId !== me) gone.add(m.deviceId);
  for (const device of gone) await removeDevice(userId, device);
}
