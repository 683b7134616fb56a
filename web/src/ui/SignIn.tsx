import { useState } from "preact/hooks";
import { errorText } from "../api";
import { passkeysSupported, signIn, signUp } from "../passkeys";
import { signInWithEthereum, walletAvailable } from "../siwe";
import type { UserView } from "../types";
import { ErrorNote, Icon } from "./common";

// "Welcome back" only to someone who has signed in on this device before; a first visit is just welcome.
const SignedInBefore = "openchat:signed-in-before";
const signedInBefore = () => { try { return localStorage.getItem(SignedInBefore) === "1"; } catch { return false; } };

export function SignIn({ onSignedIn }: { onSignedIn: (user: UserView) => void }) {
  const [mode, setMode] = useState<"sign-in" | "sign-up">("sign-in");
  const [handle, setHandle] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const supported = passkeysSupported();

  async function run(action: () => Promise<{ user: UserView }>) {
    setBusy(true);
    setError(null);
    try {
      const { user } = await action();
      try { localStorage.setItem(SignedInBefore, "1"); } catch { /* storage off: every visit is a first one */ }
      onSignedIn(user);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="auth">
      <section class="auth-card" aria-labelledby="auth-title">
        <div class="brand">
          <span class="brand-mark"><Icon name="chat" size={26} /></span>
          <span class="brand-name">OpenChat</span>
        </div>
        <h1 id="auth-title">{mode === "sign-in" ? (signedInBefore() ? "Welcome back" : "Welcome") : "Create your account"}</h1>
        <p class="muted">
          {mode === "sign-in"
            ? "Sign in with the passkey on this device: your fingerprint, face or screen lock. No password needed."
            : "Pick a username. Your device makes a passkey for it; we never see a password, because there is none."}
        </p>
        {!supported && <ErrorNote text="This browser can't use passkeys. Try a recent Chrome, Edge, Safari or Firefox." />}
        {mode === "sign-in" ? (
          <div class="auth-form">
            <button class="button primary large" disabled={busy || !supported} onClick={() => run(signIn)}>
              <Icon name="key" /> {busy ? "Waiting for your passkey…" : "Sign in with a passkey"}
            </button>
            {walletAvailable() && (
              <>
                <div class="or"><span>or</span></div>
                <button class="button large" disabled={busy} onClick={() => run(signInWithEthereum)}>
                  <Icon name="wallet" /> Sign in with your Ethereum wallet
                </button>
              </>
            )}
            <ErrorNote text={error} />
            <p class="switch">New here? <button class="link" onClick={() => { setMode("sign-up"); setError(null); }}>Create an account</button></p>
          </div>
        ) : (
          <form class="auth-form" onSubmit={e => { e.preventDefault(); run(() => signUp(handle.trim(), displayName.trim() || handle.trim())); }}>
            <label class="field">
              <span>Username</span>
              <input name="handle" value={handle} onInput={e => setHandle(e.currentTarget.value)} required minLength={3} maxLength={32}
                pattern="[A-Za-z0-9_]{3,32}" autocomplete="username webauthn" placeholder="e.g. alice_w" autoFocus />
              <small>3–32 letters, digits or _. People find you by it.</small>
            </label>
            <label class="field">
              <span>Your name</span>
              <input name="displayName" value={displayName} onInput={e => setDisplayName(e.currentTarget.value)} maxLength={64}
                autocomplete="name" placeholder="e.g. Alice Wong" />
            </label>
            <button class="button primary large" type="submit" disabled={busy || !supported}>
              <Icon name="key" /> {busy ? "Waiting for your passkey…" : "Create account with a passkey"}
            </button>
            <ErrorNote text={error} />
            <p class="switch">Already have an account? <button type="button" class="link" onClick={() => { setMode("sign-in"); setError(null); }}>Sign in</button></p>
          </form>
        )}
      </section>
      <p class="auth-foot">Chat, send ChatCoin and keep your keys, all in one place.</p>
    </main>
  );
}
