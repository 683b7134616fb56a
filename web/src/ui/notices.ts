// System notices (someone joined, renewed, lapsed, was removed): the server writes them as sentences with UTC times
// ("member until 2027-01-04 00:03:34Z"); a person reads a date in their own words and time zone.

const utcStamp = /\b(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d(?::\d\d(?:\.\d+)?)?)Z\b/g;

/**
 * The notice with each UTC time written as a local date ("member until 4 Jan 2027, 01:03"); a notice about the reader
 * (it names them first: the server writes it for everyone) says "You" as messengers do.
 */
export function humanNotice(text: string, about?: { name: string; isMe: boolean }): string {
  if (about?.isMe && about.name && text.startsWith(about.name)) {
    const rest = text.slice(about.name.length);
    text = rest.startsWith("'s ") ? `Your ${rest.slice(3)}` : `You${rest}`;
  }
  return text.replace(utcStamp, (_, day: string, clock: string) => {
    const at = new Date(`${day}T${clock}Z`);
    if (Number.isNaN(at.getTime())) return `${day} ${clock}`;
    const thisYear = at.getFullYear() === new Date().getFullYear();
    return at.toLocaleString([], { day: "numeric", month: "short", year: thisYear ? undefined : "numeric", hour: "2-digit", minute: "2-digit" });
  });
}

/** What happened, for the chat list: "Bob Li joined" (the sentence up to its details). */
export function noticePreview(text: string, about?: { name: string; isMe: boolean }): string {
  return humanNotice(text, about).split(/[:;]\s/)[0];
}
