// Safety numbers (issue 18): what two people compare, out loud or side by side, to know that the devices in their
// private chat are each other's and nobody else's. Signal's numeric fingerprint scheme (iterated SHA-512 over a
// version, the keys and the user's id; 30 digits per user, the two halves sorted so both sides read the same 60
// digits) computed here with WebCrypto over the MLS group's public material: each of the user's devices' credential
// and signature public key, as the group's ratchet tree holds them. A device added or removed changes the number.
import { groupMembers, type Member } from "./mls";

const Iterations = 5200;
const Version = new Uint8Array([0, 0]);
const utf8 = new TextEncoder();

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
};

const compare = (a: Uint8Array, b: Uint8Array) => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
};

const sha512 = async (data: Uint8Array) => new Uint8Array(await crypto.subtle.digest("SHA-512", data as BufferSource));

/** 30 digits for one user: six groups of five, each a 5-byte big-endian chunk of the hash modulo 100000 (as Signal). */
async function half(userId: string, devices: Member[]): Promise<string> {
  // Each device as credential ‖ signature key, sorted, so both sides feed the same bytes whatever their tree order.
  const keys = concat(...devices.map(d => concat(d.identity, d.signatureKey)).sort(compare));
  let hash = await sha512(concat(Version, keys, utf8.encode(userId)));
  for (let i = 1; i < Iterations; i++) hash = await sha512(concat(hash, keys));
  let digits = "";
  for (let chunk = 0; chunk < 6; chunk++) {
    let value = 0;
    for (let b = 0; b < 5; b++) value = value * 256 + hash[chunk * 5 + b];
    digits += String(value % 100000).padStart(5, "0");
  }
  return digits;
}

/** The safety number of this user and a contact in a private chat, as 12 groups of 5 digits; null without a group. */
export async function safetyNumber(userId: string, chatId: string, contactId: string): Promise<string | null> {
  const all = await groupMembers(userId, chatId);
  const mine = all?.filter(m => m.userId === userId) ?? [];
  const theirs = all?.filter(m => m.userId === contactId) ?? [];
  if (mine.length === 0 || theirs.length === 0) return null;
  const halves = [await half(userId, mine), await half(contactId, theirs)].sort();
  return (halves[0] + halves[1]).match(/\d{5}/g)!.join(" ");
}
