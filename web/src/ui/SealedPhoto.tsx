import { useEffect, useState } from "preact/hooks";
import { openFile, sealedFile } from "../private/media";
import { Icon } from "./common";

/**
 * A private chat's attachment: downloaded as ciphertext and decrypted on this device (../private/media) once the
 * message's envelope told us its key; an image is shown from an object URL, anything else is a download of the original.
 */
export function SealedPhoto({ mediaId }: { mediaId: string }) {
  const file = sealedFile(mediaId);
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!file) return;
    let live = true;
    openFile(file).then(u => { if (live) setUrl(u); }, () => { if (live) setFailed(true); });
    return () => { live = false; };
  }, [file?.mediaId]);
  if (!file) return <span class="file" data-testid="sealed-pending"><Icon name="clip" size={16} /> 🔒 Encrypted attachment</span>;
  if (failed) return <span class="file"><Icon name="clip" size={16} /> 🔒 The attachment could not be decrypted</span>;
  if (!url) return <span class="file" data-testid="sealed-pending"><Icon name="clip" size={16} /> 🔒 Decrypting {file.name}…</span>;
  if (!file.mime.startsWith("image/"))
    return <a class="file" href={url} download={file.name}><Icon name="clip" size={16} /> {file.name}</a>;
  return (
    <a href={url} target="_blank" rel="noopener" class="media">
      <img src={url} alt={file.name} data-testid="sealed-photo" />
    </a>
  );
}
