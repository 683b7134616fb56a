// Full-text search over the chats the user is in.
import { api } from "../api";
import { searchOnDevice } from "../private/search";
import type { MessageView } from "../types";

/** The service's hits for the plain chats merged with this device's own for private chats (issue 18), newest first. */
export async function search(q: string): Promise<MessageView[]> {
  const [server, device] = await Promise.all([
    api.get<MessageView[]>(`/api/search?q=${encodeURIComponent(q)}&limit=50`),
    searchOnDevice(q).catch(() => [] as MessageView[]),
  ]);
  return [...device, ...server].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, 50);
}
