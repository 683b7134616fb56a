// People: who a user id is, and the names and titles shown for them.
import { api } from "../api";
import { changed, state } from "../store";
import type { UserView } from "../types";
import { isStale, onSignOut, session } from "./session";

const userRequests = new Map<string, Promise<UserView | null>>();
onSignOut(() => userRequests.clear());

export function user(id: string): UserView | undefined {
  const known = state.users.get(id);
  if (!known && !userRequests.has(id)) {
    const started = session();
    userRequests.set(id, api.get<UserView>(`/api/users/${id}`).then(u => {
      if (isStale(started)) return null;
      state.users.set(u.id, u);
      changed();
      return u;
    }).catch(() => null));
  }
  return known;
}

export const nameOf = (id: string) => (id === state.me?.id ? "You" : user(id)?.displayName ?? "…");

export function chatTitle(chat: { id: string; kind: string; title: string | null; memberIds?: string[] }): string {
  if (chat.kind === "Group") return chat.title ?? "Group";
  const members = chat.memberIds ?? state.details.get(chat.id)?.members.map(m => m.userId) ?? [];
  const other = members.find(id => id !== state.me?.id);
  return other ? user(other)?.displayName ?? "…" : "Just you";
}

export function otherMember(chatId: string): string | undefined {
  const chat = state.chats.get(chatId);
  const members = chat?.memberIds ?? state.details.get(chatId)?.members.map(m => m.userId) ?? [];
  return chat?.kind === "Direct" ? members.find(id => id !== state.me?.id) : undefined;
}

export async function findUsers(q: string): Promise<UserView[]> {
  const started = session();
  const users = await api.get<UserView[]>(`/api/users?query=${encodeURIComponent(q)}`);
  if (!isStale(started)) for (const u of users) state.users.set(u.id, u);
  return users.filter(u => u.id !== state.me?.id);
}

/** Someone changed their name or avatar (a ProfileChanged update): fetch them again, so every list and header follows. */
export function refreshUser(id: string) {
  const started = session();
  api.get<UserView>(`/api/users/${id}`).then(u => {
    if (isStale(started)) return;
    state.users.set(u.id, u);
    if (state.me?.id === u.id) state.me = u;
    changed();
  }).catch(() => {});
}
