import { render } from "preact";
import { useEffect } from "preact/hooks";
import { api, whenSignedOut } from "./api";
import { loadChats, resetChatState, startRealtime, stopRealtime } from "./chat";
import { navigate, useRoute } from "./router";
import { changed, state, useAppState } from "./store";
import type { UserView } from "./types";
import { Shell } from "./ui/Shell";
import { SignIn } from "./ui/SignIn";
import "./styles.css";
import { publishKeyPackages } from "./private/mls";
import { followDeviceRemovals } from "./private/devices";

async function enter(user: UserView) {
  state.me = user;
  state.users.set(user.id, user);
  state.booting = false;
  changed();
  await loadChats().catch(() => {});
  // This browser's MLS key packages, so others can add it to private chats (issue 18).
  publishKeyPackages(user.id).catch(() => {});
  followDeviceRemovals(user.id);
  // Signed out while the list was loading: the connection would be the next user's.
  if (state.me?.id !== user.id) return;
  await startRealtime().catch(() => {});
}

async function signOut() {
  await api.post("/api/auth/sign-out").catch(() => {});
  await stopRealtime();
  resetChatState();
  navigate("/", true);
}

whenSignedOut(() => {
  if (!state.me) return;
  stopRealtime();
  resetChatState();
});

function App() {
  const s = useAppState();
  const route = useRoute();

  useEffect(() => {
    api.get<UserView>("/api/me")
      .then(enter)
      .catch(() => { state.booting = false; changed(); });
  }, []);

  if (s.booting) return <div class="boot" aria-busy="true"><span class="spinner" /></div>;
  if (!s.me) return <SignIn onSignedIn={enter} />;
  return <Shell route={route} onSignOut={signOut} />;
}

render(<App />, document.getElementById("app")!);
