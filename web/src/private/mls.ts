// Private chats (issue 18) with MLS (RFC 9420) through ts-mls: no cryptography of our own. Each browser is a device
// with its own MLS key packages (published), group states and plaintexts (kept in IndexedDB, see ./store). A chat's
// creator makes its MLS group, adds one key package of every device of the other members and posts the Welcome as a
// Handshake message; application messages travel as Encrypted messages through the same pipeline as any other.
import {
  createApplicationMessage, createCommit, createGroup, decodeGroupState, decodeMlsMessage, defaultCapabilities, defaultLifetime,
  emptyPskIndex, encodeGroupState, encodeMlsMessage, generateKeyPackage, getCiphersuiteFromName, getCiphersuiteImpl, joinGroup,
  processPrivateMessage, type CiphersuiteImpl, type ClientState, type KeyPackage, type PrivateKeyPackage, type Proposal,
} from "ts-mls";
import { defaultClientConfig } from "ts-mls/clientConfig.js";
import { api } from "../api";
import { entries, read, remove, write } from "./store";

// X25519 + AES-128-GCM + Ed25519: the suite every MLS implementation must support (RFC 9420 §17.1), all in WebCrypto.
const Suite = "MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519";
const Stock = 10;

let suite: Promise<CiphersuiteImpl> | null = null;
const impl = () => (suite ??= getCiphersuiteImpl(getCiphersuiteFromName(Suite)));

const b64 = (bytes: Uint8Array) => { let s = ""; for (const b of bytes) s += String.fromCharCode(b); return btoa(s); };
const unb64 = (text: string) => Uint8Array.from(atob(text), c => c.charCodeAt(0));
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

async function newKeyPackage(userId: string, device: string) {
  const credential = { credentialType: "basic" as const, identity: utf8.encode(`${userId}:${device}`) };
  return generateKeyPackage(credential, defaultCapabilities(), defaultLifetime, [], await impl());
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

/** A Handshake message: joins the group from a Welcome addressed to one of this device's key packages. */
export function handshake(userId: string, chatId: string, ciphertext: string): Promise<boolean> {
  return inTurn(chatId, async () => {
    if (await read(userId, "groups", chatId)) return true;
    const decoded = decodeMlsMessage(unb64(ciphertext), 0)?.[0];
    if (decoded?.wireformat !== "mls_welcome") return false;
    const cs = await impl();
    for (const [key, kp] of await entries<StoredKeyPackage>(userId, "keyPackages")) {
      try {
        const state = await joinGroup(decoded.welcome, kp.publicPackage, kp.privatePackage, emptyPskIndex, cs);
        await saveGroup(userId, chatId, state);
        // A key package is used once (RFC 9420 §16.8): its private keys go.
        await remove(userId, "keyPackages", key);
        return true;
      } catch {
        // Not addressed to this key package: try the next one.
      }
    }
    return false;
  });
}

/** The plaintext of an Encrypted message, or null when this device cannot read it (it joined later). */
export function decrypt(userId: string, chatId: string, ciphertext: string): Promise<string | null> {
  return inTurn(chatId, async () => {
    const known = await read<string>(userId, "plaintexts", ciphertext);
    if (known !== undefined) return known;
    const state = await loadGroup(userId, chatId);
    const decoded = decodeMlsMessage(unb64(ciphertext), 0)?.[0];
    if (!state || decoded?.wireformat !== "mls_private_message") return null;
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
