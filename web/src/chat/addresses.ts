// The address book: who or what an address is (you, a person, one of the service's contracts), asked of the server in
// batches and kept for the session, so every screen shows people, not addresses.
import { api } from "../api";
import { changed } from "../store";
import type { AddressName } from "../types";
import { isStale, onSignOut, session } from "./session";

const names = new Map<string, AddressName | null>();
const waiting = new Set<string>();
const asked = new Set<string>();
let timer: number | undefined;
onSignOut(() => { names.clear(); waiting.clear(); asked.clear(); clearTimeout(timer); timer = undefined; });

/** The name of an address if known; asks the server (once, batched with the others on screen) when it is not. */
export function addressName(address: string | null | undefined): AddressName | null | undefined {
  if (!address || !/^0x[0-9a-fA-F]{40}$/.test(address)) return null;
  const key = address.toLowerCase();
  if (names.has(key)) return names.get(key);
  if (asked.has(key)) return undefined;
  waiting.add(key);
  if (timer === undefined) timer = window.setTimeout(lookUp, 30);
  return undefined;
}

/** Remembers names the client learnt another way (payees chosen in Send). */
export function rememberNames(found: AddressName[]) {
  for (const n of found) names.set(n.address.toLowerCase(), n);
}

async function lookUp() {
  timer = undefined;
  const batch = [...waiting].slice(0, 100);
  for (const a of batch) { waiting.delete(a); asked.add(a); }
  if (waiting.size > 0) timer = window.setTimeout(lookUp, 0);
  const started = session();
  try {
    const found = await api.get<AddressName[]>(`/api/address-book?${batch.map(a => `address=${a}`).join("&")}`);
    if (isStale(started)) return;
    for (const a of batch) { asked.delete(a); names.set(a, null); }
    rememberNames(found);
  } catch {
    if (isStale(started)) return;
    for (const a of batch) asked.delete(a); // asked again next time it is shown
  }
  changed();
}

/** Contacts and @handles to pay, each with the address a wallet send goes to. */
export async function findPayees(query: string): Promise<AddressName[]> {
  const found = await api.get<AddressName[]>(`/api/address-book/payees?query=${encodeURIComponent(query)}`);
  rememberNames(found);
  return found;
}
