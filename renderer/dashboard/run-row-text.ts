/**
 * The short texts of a row of the Runs list: the row is one or two lines, and what it cuts short
 * stays whole in its hover text.
 */

/** A line where a stack dump starts: faulthandler's ("Current thread 0x…", "Thread 0x…", "  File …") or a traceback. */
const STACK_LINE = /^\s*(?:(?:Current thread|Thread) 0x[0-9a-f]+|File "|Traceback \(most recent call last\))/i;

/**
 * The reason of a run's error, on one line: its lines before a stack dump under it, joined. A run of an
 * environment that hung failed with faulthandler's dump of every thread, 15 lines the row showed whole.
 */
export function errorGist(text: string): string {
  const lines = text.split(/\r?\n/);
  const stack = lines.findIndex((line) => STACK_LINE.test(line));
  const reason = (stack === -1 ? lines : lines.slice(0, stack)).map((line) => line.trim()).filter(Boolean);
  return reason.length > 0 ? reason.join(" ") : (lines.find((line) => line.trim())?.trim() ?? "");
}

const twoDigits = (n: number) => String(n).padStart(2, "0");

/** When a run started, in the viewer's time: "12-06 14:03" this year, "2025-12-06 14:03" another; the text as given when it is no date. */
export function startedText(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = `${twoDigits(date.getMonth() + 1)}-${twoDigits(date.getDate())}`;
  const time = `${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}`;
  return date.getFullYear() === now.getFullYear() ? `${day} ${time}` : `${date.getFullYear()}-${day} ${time}`;
}

/** A folder name's end that tells it from its siblings: the time it was made ("074812-123" of "gridworld-vgps-20261207-074812-123"). */
const FOLDER_TIME = /^(.*-)(\d{6}-\d+|\d{6})$/;

/**
 * A run or sweep folder's name in two parts: the head, which a narrow list cuts short, and the end
 * kept whole, which tells runs of one pipeline apart. A name with no time at its end is all head.
 */
export function folderNameParts(name: string): { head: string; end: string } {
  const match = FOLDER_TIME.exec(name);
  return match && match[1] ? { head: match[1], end: match[2]! } : { head: name, end: "" };
}
