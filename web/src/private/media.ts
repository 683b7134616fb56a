// Photos and files in private chats (issue 18): each file is encrypted on this device with its own random key (WebCrypto
// AES-GCM 256, a random 96-bit nonce; no cryptography of our own) and only the ciphertext is uploaded (POST
// /api/media?encrypted=true: stored as opaque bytes, never sniffed, deduplicated as ciphertext only). The media id, key,
// nonce, type, name and size travel inside the MLS-encrypted message, as a small JSON envelope after a marker; a plain
// text message stays the bare text, so older code paths keep reading it.
import { api } from "../api";
import type { MediaView } from "../types";

export interface SealedFile { mediaId: string; key: string; nonce: string; mime: string; name: string; size: number }
interface Envelope { v: 1; text: string; files: SealedFile[] }

/** Starts a message's plaintext when it is an envelope (U+0000 is not something people type; a forged one only changes the forger's own message). */
const Marker = "\u0000openchat/media\n";

const b64 = (bytes: Uint8Array) => { let s = ""; for (const b of bytes) s += String.fromCharCode(b); return btoa(s); };
const unb64 = (text: string) => Uint8Array.from(atob(text), c => c.charCodeAt(0));

/** Encrypts and uploads one file; the answer goes into the message's envelope (and the message names its media id). */
export async function sealFile(file: File): Promise<SealedFile> {
  const key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt"]);
  const nonce = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt({ name: "AES-GCM", iv: nonce }, key, await file.arrayBuffer());
  const uploaded = await api.post<MediaView>("/api/media?encrypted=true", new Blob([ciphertext], { type: "application/octet-stream" }));
  const raw = new Uint8Array(await crypto.subtle.exportKey("raw", key));
  return { mediaId: uploaded.id, key: b64(raw), nonce: b64(nonce), mime: file.type || "application/octet-stream", name: file.name, size: file.size };
}

/** The plaintext to encrypt for a message: the bare text, or an envelope when files go with it. */
export const envelopeOf = (text: string, files: SealedFile[]) =>
  files.length === 0 ? text : Marker + JSON.stringify({ v: 1, text, files } satisfies Envelope);

// media id → what this device learnt about it from a decrypted envelope; the object URLs of decrypted files.
const known = new Map<string, SealedFile>();
const opened = new Map<string, Promise<string>>();

/** A decrypted plaintext as text to show, remembering the keys of the files it carries. */
export function openEnvelope(plaintext: string): string {
  if (!plaintext.startsWith(Marker)) return plaintext;
  try {
    const envelope = JSON.parse(plaintext.slice(Marker.length)) as Envelope;
    for (const f of envelope.files ?? []) known.set(f.mediaId, f);
    return envelope.text ?? "";
  } catch {
    return "";
  }
}

export const sealedFile = (mediaId: string) => known.get(mediaId);

/** Downloads a file's ciphertext, decrypts it here and answers an object URL of the original (once per file). */
export function openFile(file: SealedFile): Promise<string> {
  let url = opened.get(file.mediaId);
  if (!url) {
    url = (async () => {
      const response = await fetch(`/api/media/${file.mediaId}`, { credentials: "same-origin" });
      if (!response.ok) throw new Error(`The file could not be downloaded (${response.status}).`);
      const bytes = await response.blob();
      const key = await crypto.subtle.importKey("raw", unb64(file.key), "AES-GCM", false, ["decrypt"]);
      const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: unb64(file.nonce) }, key, await bytes.arrayBuffer());
      return URL.createObjectURL(new Blob([plain], { type: file.mime }));
    })();
    url.catch(() => opened.delete(file.mediaId));
    opened.set(file.mediaId, url);
  }
  return url;
}
