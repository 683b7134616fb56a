// Which signed-in session the chat modules work for. Sign-out moves to the next one, so an answer that arrives for
// the previous user (a page of chats, a receipt, a message sent) is dropped instead of landing in the next user's state.
let current = 0;

export const session = () => current;
export const isStale = (started: number) => started !== current;

const resets: (() => void)[] = [];

/** A module's own state (timers, caches, cursors) to clear when the user signs out. */
export function onSignOut(reset: () => void) { resets.push(reset); }

export function endSession() {
  current++;
  for (const reset of resets) reset();
}
