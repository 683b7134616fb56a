// Path routing on the History API; the API answers unknown non-API paths with index.html (SPA fallback).
import { useEffect, useState } from "preact/hooks";

export type Route =
  | { name: "chats"; chatId?: string; focus?: number }
  | { name: "wallet" }
  | { name: "governance"; proposalId?: string }
  | { name: "circle"; chatId: string }
  | { name: "search"; q: string }
  | { name: "invite"; code: string };

export function parse(location: Location): Route {
  const path = location.pathname;
  const chat = /^\/chats\/([0-9a-f-]{36})$/i.exec(path);
  if (chat) {
    const focus = Number(new URLSearchParams(location.search).get("m"));
    return { name: "chats", chatId: chat[1], focus: Number.isFinite(focus) && focus > 0 ? focus : undefined };
  }
  if (path === "/wallet") return { name: "wallet" };
  if (path === "/governance") return { name: "governance" };
  const proposal = /^\/governance\/(\d+)$/.exec(path);
  if (proposal) return { name: "governance", proposalId: proposal[1] };
  const circle = /^\/circles\/([0-9a-f-]{36})$/i.exec(path);
  if (circle) return { name: "circle", chatId: circle[1] };
  const invite = /^\/invite\/([^/]+)$/.exec(path);
  if (invite) return { name: "invite", code: decodeURIComponent(invite[1]) };
  if (path === "/search") return { name: "search", q: new URLSearchParams(location.search).get("q") ?? "" };
  return { name: "chats" };
}

const listeners = new Set<() => void>();
window.addEventListener("popstate", () => listeners.forEach(l => l()));

export function navigate(path: string, replace = false) {
  if (location.pathname + location.search === path) return;
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  listeners.forEach(l => l());
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(location));
  useEffect(() => {
    const listener = () => setRoute(parse(location));
    listeners.add(listener);
    return () => { listeners.delete(listener); };
  }, []);
  return route;
}
