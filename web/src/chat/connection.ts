// The realtime hub connection, shared by the modules that listen on it (hub.ts) and send over it (typing, sending).
import { type HubConnection, HubConnectionState } from "@microsoft/signalr";

let hub: HubConnection | null = null;

export function setHub(connection: HubConnection | null) { hub = connection; }
export const currentHub = () => hub;

/** The hub when it is connected and the browser thinks it is online, else null. */
export function connectedHub(): HubConnection | null {
  return hub?.state === HubConnectionState.Connected ? hub : null;
}
