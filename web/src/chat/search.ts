// Full-text search over the chats the user is in.
import { api } from "../api";
import type { MessageView } from "../types";

export function search(q: string): Promise<MessageView[]> {
  return api.get<MessageView[]>(`/api/search?q=${encodeURIComponent(q)}&limit=50`);
}
