// Files attached to messages: uploaded first, then sent by id.
import { api } from "../api";
import type { MediaView } from "../types";

export function uploadMedia(file: File): Promise<MediaView> {
  return api.post<MediaView>("/api/media", file);
}
