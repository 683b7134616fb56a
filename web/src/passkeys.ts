// WebAuthn ceremonies against /api/auth/passkeys: the server sends options as JSON (bytes in base64url) and
// takes the PublicKeyCredential back in the same JSON shape (WebAuthn L3 §5.1 toJSON()).
import { deviceId, forgetInviteCode, pendingInviteCode } from "./rewards";
import { api } from "./api";
import type { CeremonyOptions, PasskeyView, SessionView } from "./types";

function fromBase64Url(text: string): ArrayBuffer {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "=");
  const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
  return bytes.buffer;
}

function toBase64Url(buffer: ArrayBuffer | null | undefined): string | undefined {
  if (!buffer) return undefined;
  let text = "";
  for (const byte of new Uint8Array(buffer)) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const descriptors = (list: any[] | undefined) =>
  (list ?? []).map(d => ({ type: "public-key" as const, id: fromBase64Url(d.id), transports: d.transports }));

export function creationOptions(o: any): PublicKeyCredentialCreationOptions {
  return {
    rp: o.rp,
    user: { id: fromBase64Url(o.user.id), name: o.user.name, displayName: o.user.displayName },
    challenge: fromBase64Url(o.challenge),
    pubKeyCredParams: o.pubKeyCredParams,
    timeout: o.timeout,
    excludeCredentials: descriptors(o.excludeCredentials),
    authenticatorSelection: o.authenticatorSelection,
    attestation: o.attestation ?? "none",
  };
}

export function requestOptions(o: any): PublicKeyCredentialRequestOptions {
  return {
    challenge: fromBase64Url(o.challenge),
    timeout: o.timeout,
    rpId: o.rpId,
    allowCredentials: descriptors(o.allowCredentials),
    userVerification: o.userVerification ?? "required",
  };
}

export function attestationJson(c: PublicKeyCredential) {
  const r = c.response as AuthenticatorAttestationResponse;
  return {
    id: c.id, rawId: toBase64Url(c.rawId), type: c.type,
    response: {
      attestationObject: toBase64Url(r.attestationObject),
      clientDataJSON: toBase64Url(r.clientDataJSON),
      transports: r.getTransports?.() ?? [],
    },
    clientExtensionResults: c.getClientExtensionResults(),
  };
}

export function assertionJson(c: PublicKeyCredential) {
  const r = c.response as AuthenticatorAssertionResponse;
  return {
    id: c.id, rawId: toBase64Url(c.rawId), type: c.type,
    response: {
      authenticatorData: toBase64Url(r.authenticatorData),
      clientDataJSON: toBase64Url(r.clientDataJSON),
      signature: toBase64Url(r.signature),
      userHandle: toBase64Url(r.userHandle),
    },
    clientExtensionResults: c.getClientExtensionResults(),
  };
}

export const passkeysSupported = () => typeof window.PublicKeyCredential === "function";

export async function signUp(handle: string, displayName: string): Promise<SessionView> {
  // 1. Options for a new discoverable credential; the server keeps the challenge.
  const begun = await api.post<CeremonyOptions>("/api/auth/passkeys/sign-up/options", { handle, displayName });
  // 2. The authenticator makes a key pair (after user verification) and signs the challenge.
  const credential = await navigator.credentials.create({ publicKey: creationOptions(begun.options) }) as PublicKeyCredential | null;
  if (!credential) throw new Error("No passkey was created. Please try again.");
  // 3. The server verifies the attestation and starts a session (HttpOnly cookie).
  //    With the invite link's code (the inviter's reward) and this browser's id (the welcome reward's per-device limit).
  const session = await api.post<SessionView>("/api/auth/passkeys/sign-up",
    { ceremonyId: begun.ceremonyId, credential: attestationJson(credential), inviteCode: pendingInviteCode(), deviceId: deviceId() });
  forgetInviteCode();
  signedInWith(credential.id);
  return session;
}

export async function signIn(): Promise<SessionView> {
  // 1. No user name: the authenticator offers its passkeys for this site.
  const begun = await api.post<CeremonyOptions>("/api/auth/passkeys/sign-in/options");
  const credential = await navigator.credentials.get({ publicKey: requestOptions(begun.options) }) as PublicKeyCredential | null;
  if (!credential) throw new Error("No passkey was chosen. Please try again.");
  // 2. The server checks the signature with the stored public key and the counter.
  const session = await api.post<SessionView>("/api/auth/passkeys/sign-in", { ceremonyId: begun.ceremonyId, credential: assertionJson(credential) });
  signedInWith(credential.id);
  return session;
}

// The passkey this browser's session was signed in with (its id as the service lists it): a private chat's device
// names it in its MLS credential, so removing the passkey removes that device from the private chats (issue 18).
const PasskeyKey = "openchat-passkey";
const signedInWith = (id: string) => { try { localStorage.setItem(PasskeyKey, id); } catch { /* storage off: not linked */ } };
export const sessionPasskey = () => { try { return localStorage.getItem(PasskeyKey) ?? ""; } catch { return ""; } };

/**
 * Adds this device's passkey to the signed-in account: the owner's confirmation (an assertion from one of their passkeys,
 * kind PasskeyAdd, bound to the name) opens the creation ceremony; a session alone cannot add a device.
 */
export async function addPasskey(name: string, key: string, confirmation: unknown): Promise<PasskeyView> {
  const begun = await api.post<CeremonyOptions>("/api/auth/passkeys/options", { name, idempotencyKey: key, confirmation });
  const credential = await navigator.credentials.create({ publicKey: creationOptions(begun.options) }) as PublicKeyCredential | null;
  if (!credential) throw new Error("No passkey was created. Please try again.");
  return api.post<PasskeyView>("/api/auth/passkeys", { ceremonyId: begun.ceremonyId, credential: attestationJson(credential) });
}
