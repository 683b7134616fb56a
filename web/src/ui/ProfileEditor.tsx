import { useRef, useState } from "preact/hooks";
import { api, errorText } from "../api";
import { uploadMedia } from "../chat";
import { changed, state, toast } from "../store";
import type { UserView } from "../types";
import { Avatar, ErrorNote, Modal, PhotoAvatar } from "./common";

/** The same limit as the server's UpdateProfileValidator. */
const MaxName = 64;

/**
 * Your name and photo as others see them. A photo is uploaded like any attachment (POST /api/media) and then named as
 * the avatar; the others' lists and headers follow through the ProfileChanged update.
 */
export function ProfileEditor({ onClose }: { onClose: () => void }) {
  const me = state.me!;
  const [name, setName] = useState(me.displayName);
  const [photo, setPhoto] = useState<{ file: File; preview: string } | null>(null);
  const [removePhoto, setRemovePhoto] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const trimmed = name.trim();
  const nameProblem = !trimmed ? "Your name can't be empty." : trimmed.length > MaxName ? `At most ${MaxName} characters.` : null;

  async function save(e: Event) {
    e.preventDefault();
    if (nameProblem) return;
    setBusy(true);
    setError(null);
    try {
      const avatarMediaId = photo ? (await uploadMedia(photo.file)).id : removePhoto ? "" : undefined;
      const updated = await api.patch<UserView>("/api/me", { displayName: trimmed, avatarMediaId });
      state.me = updated;
      state.users.set(updated.id, updated);
      changed();
      toast("Profile saved", "info");
      onClose();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  const shown = photo?.preview ?? (removePhoto ? null : me.avatarUrl);
  return (
    <Modal title="Edit profile" onClose={onClose} labelId="profile-title">
      <form onSubmit={save} class="profile-editor">
        <div class="profile-photo">
          {shown ? <PhotoAvatar url={shown} size={88} /> : <Avatar name={trimmed || me.displayName} seed={me.id} size={88} />}
          <div class="profile-photo-actions">
            <input ref={fileInput} type="file" accept="image/png,image/jpeg,image/gif,image/webp" hidden aria-label="Profile photo"
              onChange={e => {
                const file = e.currentTarget.files?.[0];
                if (file) { setPhoto({ file, preview: URL.createObjectURL(file) }); setRemovePhoto(false); }
                e.currentTarget.value = "";
              }} />
            <button type="button" class="button small" onClick={() => fileInput.current?.click()}>{shown ? "Change photo" : "Add photo"}</button>
            {shown && <button type="button" class="link" onClick={() => { setPhoto(null); setRemovePhoto(true); }}>Remove photo</button>}
          </div>
        </div>
        <label class="field">
          <span>Your name</span>
          <input name="display-name" value={name} maxLength={MaxName + 10} onInput={e => setName(e.currentTarget.value)} aria-invalid={!!nameProblem} />
          <small>{nameProblem ?? "People in your chats see this name."}</small>
        </label>
        <p class="muted small">Username @{me.handle} can't be changed.</p>
        <ErrorNote text={error} />
        <div class="modal-actions">
          <button type="button" class="button" onClick={onClose}>Cancel</button>
          <button type="submit" class="button primary" disabled={busy || !!nameProblem}>{busy ? "Saving…" : "Save"}</button>
        </div>
      </form>
    </Modal>
  );
}
