import { useState } from "preact/hooks";
import { addressName } from "../chat/addresses";
import { Icon, shortAddress } from "./common";

/**
 * An address as a person sees it: "Bob Li", "You", "Red envelopes"; an address nobody here owns stays short. The full
 * address is one tap away (tap the name: it shows with a copy button), as wallets show a contact's address.
 */
export function Who({ address, label }: { address: string; label?: string }) {
  const [open, setOpen] = useState(false);
  const known = addressName(address);
  const name = known?.name ?? shortAddress(address);
  return (
    <span class={`who${open ? " open" : ""}`} data-testid="who" data-address={address} data-kind={known?.kind ?? "Address"}>
      <button type="button" class="who-name" title={address} aria-expanded={open}
        aria-label={`${label ? `${label} ` : ""}${name}${known ? `, address ${address}` : ""}. Show address`}
        onClick={e => { e.stopPropagation(); setOpen(o => !o); }}>
        {label ? `${label} ` : ""}{name}
        {known?.kind === "Person" && known.handle && <span class="who-handle"> @{known.handle}</span>}
      </button>
      {open && (
        <span class="who-address">
          <code>{address}</code>
          <button type="button" class="icon-button" aria-label="Copy address"
            onClick={e => { e.stopPropagation(); navigator.clipboard?.writeText(address).catch(() => {}); }}><Icon name="copy" size={14} /></button>
        </span>
      )}
    </span>
  );
}

/** The plain-text name of an address, for headlines and labels where a button does not fit. */
export function nameOrAddress(address: string | null | undefined): string {
  if (!address) return "";
  return addressName(address)?.name ?? shortAddress(address);
}
