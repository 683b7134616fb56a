// Private chats (issue 18) with MLS (RFC 9420) through ts-mls: no cryptography of our own. Each browser is a device
// with its own MLS key packages (published), group states and plaintexts (kept in IndexedDB, see ./store). A chat's
// creator makes its MLS group, adds one key package of every device of the other members and posts the Welcome as a
// Handshake message; application messages travel as Encrypted messages through the same pipeline as any other.
import {
  createApplicationMessage, createCommit, createGroup, decodeGroupState, decodeMlsMessage, defaultCapabilities, defaultLifetime,
  emptyPskIndex, encodeGroupState, encodeMlsMessage, generateKeyPackageWithKey, getCiphersuiteFromName, getCiphersuiteImpl, joinGroup,
  processPrivateMessage, processPublicMessage, type CiphersuiteImpl, type ClientState, type KeyPackage, type PrivateKeyPackage,
  type Proposal,
} from "ts-mls";
import { defaultClientConfig } from "ts-mls/clientConfig.js";
import { api } from "../api";
import { sessionPasskey } from "../passkeys";
import { entries, read, remove, write } from "./store";

// X25519 + AES-128-GCM + Ed25519: the suite every MLS implementation must support (RFC 9420 §17.1), all in WebCrypto.
const Suite = "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519";
const Stock = 10;

let suite: Promise<CiphersuiteImpl> | null = null;
const impl = () => (suite ??= getCiphersuiteImpl(getCiphersuiteFromName(Suite)));

export const b64 = (bytes: Uint8Array) => { let s = ""; for (const b of bytes) s += String.fromCharCode(b); return btoa(s); };
export const unb64 = (text: string) => Uint8Array.from(atob(text), c => c.charCodeAt(0));
const utf8 = new TextEncoder();
const chatGroupId = (chatId: string) => utf8.encode(chatId);

interface StoredKeyPackage { publicPackage: KeyPackage; privatePackage: PrivateKeyPackage }

/** This browser's device id for the user: made once, kept with the user's MLS data. */
export async function deviceId(userId: string): Promise<string> {
  const known = await read<string>(userId, "device", "id");
  if (known) return known;
  const id = crypto.randomUUID();
  await write(userId, "device", "id", id);
  return id;
}

export interface SignatureKeys { signKey: Uint8Array; publicKey: Uint8Array }

// One signature key per device, in every key package and leaf it makes: what a link code and a safety number are
// computed over, so another device can tell this device's key packages from any the service might put in their place.
const keys = new Map<string, Promise<SignatureKeys>>();
export function deviceKeys(userId: string): Promise<SignatureKeys> {
  let known = keys.get(userId);
  if (!known) {
    known = read<SignatureKeys>(userId, "device", "signature").then(async stored => {
      if (stored) return stored;
      const made = await (await impl()).signature.keygen();
      await write(userId, "device", "signature", made);
      return made;
    });
    keys.set(userId, known);
  }
  return known;
}

async function newKeyPackage(userId: string, device: string) {
  // user:device:passkey; the passkey the session signed in with, so removing it removes this device (./devices).
  const credential = { credentialType: "basic" as const, identity: utf8.encode(`${userId}:${device}:${sessionPasskey()}`) };
  return generateKeyPackageWithKey(credential, defaultCapabilities(), defaultLifetime, [], await deviceKeys(userId), await impl());
}

/** Tops up this device's published key packages; the private halves stay here until a Welcome uses them. */
export async function publishKeyPackages(userId: string) {
  const device = await deviceId(userId);
  const { stored } = await api.post<{ stored: number }>("/api/keys/packages", { deviceId: device, keyPackages: [] });
  if (stored < Stock / 2) await topUp(userId, device, stored);
  // Seen by the browser tests: this device can now be added to private chats.
  document.documentElement.dataset.mlsReady = "true";
}

async function topUp(userId: string, device: string, stored: number) {
  const made = await Promise.all(Array.from({ length: Stock - stored }, () => newKeyPackage(userId, device)));
  const encoded = made.map(k => b64(encodeMlsMessage({ keyPackage: k.publicPackage, wireformat: "mls_key_package", version: "mls10" })));
  for (let i = 0; i < made.length; i++)
    await write(userId, "keyPackages", encoded[i], { publicPackage: made[i].publicPackage, privatePackage: made[i].privatePackage });
  await api.post("/api/keys/packages", { deviceId: device, keyPackages: encoded });
}

// One MLS operation at a time per chat: each one turns the group state into the next.
const turns = new Map<string, Promise<unknown>>();
function inTurn<T>(chatId: string, work: () => Promise<T>): Promise<T> {
  const next = (turns.get(chatId) ?? Promise.resolve()).then(work, work);
  turns.set(chatId, next.catch(() => undefined));
  return next;
}

async function loadGroup(userId: string, chatId: string): Promise<ClientState | null> {
  const bytes = await read<Uint8Array>(userId, "groups", chatId);
  if (!bytes) return null;
  const [state] = decodeGroupState(bytes, 0)!;
  return { ...state, clientConfig: defaultClientConfig };
}

const saveGroup = (userId: string, chatId: string, state: ClientState) => write(userId, "groups", chatId, encodeGroupState(state));

export const hasGroup = async (userId: string, chatId: string) => (await read(userId, "groups", chatId)) !== undefined;

/**
 * Makes the chat's MLS group with every device of the other members that has a key package, and answers the
 * Welcome (base64) to post as the chat's Handshake message.
 */
export function startGroup(userId: string, chatId: string, memberIds: string[]): Promise<string> {
  return inTurn(chatId, async () => {
    const cs = await impl();
    const own = await newKeyPackage(userId, await deviceId(userId));
    let state = await createGroup(chatGroupId(chatId), own.publicPackage, own.privatePackage, [], cs);
    // A member who signed up a moment ago may still be publishing: ask again for those without a device, briefly.
    let missing = memberIds.filter(id => id !== userId);
    const adds: Proposal[] = [];
    for (let attempt = 0; missing.length > 0 && attempt < 5; attempt++) {
      if (attempt > 0) await new Promise(resolve => setTimeout(resolve, 1000));
      const claimed = await api.post<{ userId: string; keyPackage: string }[]>("/api/keys/packages/claim", { chatId, userIds: missing });
      for (const c of claimed) {
        const decoded = decodeMlsMessage(unb64(c.keyPackage), 0)?.[0];
        if (decoded?.wireformat === "mls_key_package") adds.push({ proposalType: "add", add: { keyPackage: decoded.keyPackage } });
      }
      missing = missing.filter(id => !claimed.some(c => c.userId === id));
    }
    if (adds.length === 0) throw new Error("None of the other members has a device ready for private chats yet.");
    // The Welcome carries the ratchet tree (RFC 9420 §12.4.3.3) so a joining device needs nothing else from us.
    const commit = await createCommit({ state, cipherSuite: cs }, { extraProposals: adds, ratchetTreeExtension: true });
    state = commit.newState;
    await saveGroup(userId, chatId, state);
    return b64(encodeMlsMessage({ welcome: commit.welcome!, wireformat: "mls_welcome", version: "mls10" }));
  });
}

/** Encrypts a text for the chat's group; the sender keeps the plaintext, since MLS never lets it decrypt its own message. */
export function encrypt(userId: string, chatId: string, text: string): Promise<string> {
  return inTurn(chatId, async () => {
    const state = await loadGroup(userId, chatId);
    if (!state) throw new Error("This device has no keys for this private chat.");
    const made = await createApplicationMessage(state, utf8.encode(text), await impl());
    await saveGroup(userId, chatId, made.newState);
    const ciphertext = b64(encodeMlsMessage({ privateMessage: made.privateMessage, wireformat: "mls_private_message", version: "mls10" }));
    await write(userId, "plaintexts", ciphertext, text);
    return ciphertext;
  });
}

/**
 * A Handshake message, in the chat's log order: a Welcome addressed to one of this device's key packages joins the
 * group; a commit (a device added or removed) moves the group to its next epoch. Answers the change of members it
 * made (JSON of KeyChange[], kept per ciphertext so a reload shows the same notice), "" when it changed nothing here,
 * or null when this device cannot take part (not in the group yet).
 */
export function handshake(userId: string, chatId: string, ciphertext: string): Promise<string | null> {
  return inTurn(chatId, async () => {
    const done = await read<string>(userId, "plaintexts", ciphertext);
    if (done !== undefined) return done;
    const decoded = decodeMlsMessage(unb64(ciphertext), 0)?.[0];
    if (decoded?.wireformat === "mls_welcome") {
      const joined = await join(userId, chatId, decoded.welcome);
      if (joined === Joined) await write(userId, "plaintexts", ciphertext, Joined);
      return joined;
    }
    if (decoded?.wireformat !== "mls_private_message" && decoded?.wireformat !== "mls_public_message") return null;
    const state = await loadGroup(userId, chatId);
    // A device added later sees the commit that added it before its Welcome: the keys changed before its time.
    if (!state) return Updated;
    const cs = await impl();
    let next: ClientState;
    const pending = await read<PendingCommit>(userId, "groups", pendingKey(ciphertext));
    if (pending) {
      // Our own commit: MLS never lets a device process its own, so the state it made waits here until the log
      // shows where it landed. Another commit on the same epoch came first (the race was lost): build it again.
      await remove(userId, "groups", pendingKey(ciphertext));
      const [made] = decodeGroupState(pending.state, 0)!;
      if (made.groupContext.epoch !== state.groupContext.epoch + 1n) {
        await write(userId, "plaintexts", ciphertext, "");
        const again = retries.get(ciphertext);
        retries.delete(ciphertext);
        if (again) setTimeout(() => void again().catch(() => {}), 0);
        return "";
      }
      next = { ...made, clientConfig: defaultClientConfig };
      // The new device's Welcome is posted only now that its commit is the group's next epoch.
      if (pending.welcome) setTimeout(() => void postHandshake(chatId, pending.welcome!).catch(() => {}), 0);
    } else {
      try {
        const result = decoded.wireformat === "mls_private_message"
          ? await processPrivateMessage(state, decoded.privateMessage, emptyPskIndex, cs)
          : await processPublicMessage(state, decoded.publicMessage, emptyPskIndex, cs);
        next = result.newState;
      } catch {
        // Built on an epoch this group has left (a commit that lost the race) or not valid: ignored by every device.
        await write(userId, "plaintexts", ciphertext, "");
        return "";
      }
    }
    const changes = keyChanges(members(state), members(next));
    await saveGroup(userId, chatId, next);
    const notice = changes.length > 0 ? JSON.stringify(changes) : Updated;
    await write(userId, "plaintexts", ciphertext, notice);
    // Screens listing devices (ui/PrivateDevices) or safety numbers read the groups again.
    if (notice) window.dispatchEvent(new Event(MembersChanged));
    return notice;
  });
}

/** What handshake answers for a Welcome that added this device after the chat began, and for a commit that changed no member's devices. */
export const Joined = "joined", Updated = "updated";

/** Joins from a Welcome: Joined when this device was added to a chat that had begun (epoch past the creator's first commit), "" otherwise; null when it is not for this device. */
async function join(userId: string, chatId: string, welcome: Parameters<typeof joinGroup>[0]): Promise<string | null> {
  if (await read(userId, "groups", chatId)) return "";
  const cs = await impl();
  for (const [key, kp] of await entries<StoredKeyPackage>(userId, "keyPackages")) {
    try {
      const state = await joinGroup(welcome, kp.publicPackage, kp.privatePackage, emptyPskIndex, cs);
      await saveGroup(userId, chatId, state);
      // A key package is used once (RFC 9420 §16.8): its private keys go.
      await remove(userId, "keyPackages", key);
      return state.groupContext.epoch > 1n ? Joined : "";
    } catch {
      // Not addressed to this key package: try the next one.
    }
  }
  return null;
}

export const postHandshake = (chatId: string, ciphertext: string) =>
  api.post(`/api/chats/${chatId}/messages`, { clientMessageId: crypto.randomUUID(), text: null, ciphertext, handshake: true });

/** A device in a chat's MLS group: its leaf, whose credential names the user and device (see newKeyPackage). */
export interface Member { leaf: number; userId: string; deviceId: string; passkeyId: string; identity: Uint8Array; signatureKey: Uint8Array }

export function members(state: ClientState): Member[] {
  const found: Member[] = [];
  state.ratchetTree.forEach((node, i) => {
    if (i % 2 !== 0 || node?.nodeType !== "leaf") return;
    const identity = node.leaf.credential.credentialType === "basic" ? node.leaf.credential.identity : new Uint8Array();
    const [userId = "", deviceId = "", passkeyId = ""] = new TextDecoder().decode(identity).split(":");
    found.push({ leaf: i / 2, userId, deviceId, passkeyId, identity, signatureKey: node.leaf.signaturePublicKey });
  });
  return found;
}

/** The devices of the chat's group as this device sees them, or null when it has no group for the chat. */
export async function groupMembers(userId: string, chatId: string): Promise<Member[] | null> {
  const state = await loadGroup(userId, chatId);
  return state ? members(state) : null;
}

export const isRemoved = async (userId: string, chatId: string) =>
  (await loadGroup(userId, chatId))?.groupActiveState.kind === "removedFromGroup";

export const MembersChanged = "openchat:private-members-changed";

/** A user whose devices in the group changed: what a key-change notice says. */
export interface KeyChange { userId: string; added: number; removed: number }

function keyChanges(before: Member[], after: Member[]): KeyChange[] {
  const key = (m: Member) => b64(m.signatureKey);
  const was = new Set(before.map(key)), now = new Set(after.map(key));
  const users = new Map<string, KeyChange>();
  const change = (userId: string) => users.get(userId) ?? users.set(userId, { userId, added: 0, removed: 0 }).get(userId)!;
  for (const m of after) if (!was.has(key(m))) change(m.userId).added++;
  for (const m of before) if (!now.has(key(m))) change(m.userId).removed++;
  return [...users.values()];
}

interface PendingCommit { state: Uint8Array; welcome: string | null }
const pendingKey = (ciphertext: string) => `pending:${ciphertext}`;
const retries = new Map<string, () => Promise<void>>();

/**
 * Commits proposals (adds, removes) to the chat's group and posts the commit as a Handshake message; the new state is
 * taken when the commit shows up in the log (see handshake), and `again` builds it anew if another commit came first.
 */
export async function commit(userId: string, chatId: string, proposals: (state: ClientState) => Proposal[], again: () => Promise<void>) {
  const made = await inTurn(chatId, async () => {
    const state = await loadGroup(userId, chatId);
    if (!state || state.groupActiveState.kind !== "active") return null;
    const wanted = proposals(state);
    if (wanted.length === 0) return null;
    const cs = await impl();
    const result = await createCommit({ state, cipherSuite: cs }, { extraProposals: wanted, ratchetTreeExtension: true });
    const ciphertext = b64(encodeMlsMessage(result.commit));
    const welcome = result.welcome ? b64(encodeMlsMessage({ welcome: result.welcome, wireformat: "mls_welcome", version: "mls10" })) : null;
    await write(userId, "groups", pendingKey(ciphertext), { state: encodeGroupState(result.newState), welcome } satisfies PendingCommit);
    retries.set(ciphertext, again);
    return ciphertext;
  });
  if (made) await postHandshake(chatId, made);
}

/**
 * What decryptOrWait answers when this device has no group for the chat (yet). Not the same as unreadable: a member
 * may send on the very epoch that admits this device before its Welcome is in the log (the adding device posts the
 * Welcome only once its commit landed), and once the Welcome is processed this device holds that epoch's keys.
 */
export const NoGroupYet = Symbol("no group yet");

/**
 * The plaintext of an Encrypted message, or null when this device can never read it (it joined later, or was removed);
 * undefined when the message is from an epoch this device has not reached yet: a commit before it in
 * the log is still to be processed (a page or the chat list can show a message before the commit that precedes it);
 * NoGroupYet when this device has not joined the chat's group (yet). Only a plaintext is kept in IndexedDB, never
 * these answers nor null: what a device could not read is tried again after a reload.
 */
export function decryptOrWait(userId: string, chatId: string, ciphertext: string): Promise<string | null | undefined | typeof NoGroupYet> {
  return inTurn(chatId, async () => {
    const known = await read<string>(userId, "plaintexts", ciphertext);
    if (known !== undefined) return known;
    const state = await loadGroup(userId, chatId);
    const decoded = decodeMlsMessage(unb64(ciphertext), 0)?.[0];
    if (decoded?.wireformat !== "mls_private_message") return null;
    if (!state) return NoGroupYet;
    if (state.groupActiveState.kind === "active" && decoded.privateMessage.epoch > state.groupContext.epoch) return undefined;
    try {
      const result = await processPrivateMessage(state, decoded.privateMessage, emptyPskIndex, await impl());
      await saveGroup(userId, chatId, result.newState);
      if (result.kind !== "applicationMessage") return null;
      const text = new TextDecoder().decode(result.message);
      // Its keys are deleted once used (forward secrecy): the plaintext is kept instead, on this device only.
      await write(userId, "plaintexts", ciphertext, text);
      return text;
    } catch {
      return null;
    }
  });
}

export const knownPlaintext = (userId: string, ciphertext: string) => read<string>(userId, "plaintexts", ciphertext);
