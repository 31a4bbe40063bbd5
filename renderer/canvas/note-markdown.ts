/**
 * The Markdown a note understands, parsed into a small tree that React draws as elements: no HTML
 * string is ever made, so a note cannot inject markup whatever it holds. Blocks: paragraphs,
 * headings (#, ##, ###), bulleted and numbered lists, fenced code. Inline: `code`, **strong**,
 * _emphasis_ (or *emphasis*), and [links](url) shown as their text, never followed.
 */

export type Inline =
  | { type: "text"; text: string }
  | { type: "code"; text: string }
  | { type: "strong"; children: Inline[] }
  | { type: "em"; children: Inline[] }
  | { type: "link"; href: string; children: Inline[] };

export type Block =
  | { type: "paragraph"; children: Inline[] }
  | { type: "heading"; level: 1 | 2 | 3; children: Inline[] }
  | { type: "list"; ordered: boolean; items: Inline[][] }
  | { type: "code"; text: string };

const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const FENCE = /^\s*(```|~~~)/;

/** Splits a note's text into blocks. */
export function parseBlocks(text: string): Block[] {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length > 0) blocks.push({ type: "paragraph", children: parseInline(paragraph.join(" ")) });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence) {
      endParagraph();
      const code: string[] = [];
      // An unclosed fence runs to the end of the note, as in CommonMark.
      for (i++; i < lines.length && !lines[i]!.trimStart().startsWith(fence[1]!); i++) code.push(lines[i]!);
      blocks.push({ type: "code", text: code.join("\n") });
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      endParagraph();
      blocks.push({ type: "heading", level: Math.min(heading[1]!.length, 3) as 1 | 2 | 3, children: parseInline(heading[2]!) });
      continue;
    }
    const item = BULLET.exec(line) ?? NUMBERED.exec(line);
    if (item) {
      endParagraph();
      const ordered = !BULLET.test(line);
      const last = blocks.at(-1);
      const children = parseInline(item[1]!);
      if (last?.type === "list" && last.ordered === ordered && lines[i - 1]?.trim() !== "") last.items.push(children);
      else blocks.push({ type: "list", ordered, items: [children] });
      continue;
    }
    if (line.trim() === "") endParagraph();
    else paragraph.push(line.trim());
  }
  endParagraph();
  return blocks;
}

/** Patterns tried at each position, first match wins; `_` emphasis only at word edges, so snake_case stays text. */
const INLINE: { pattern: RegExp; make: (match: RegExpExecArray) => Inline }[] = [
  { pattern: /`([^`\n]+)`/y, make: (m) => ({ type: "code", text: m[1]! }) },
  { pattern: /\*\*(?=\S)([\s\S]*?\S)\*\*/y, make: (m) => ({ type: "strong", children: parseInline(m[1]!) }) },
  { pattern: /__(?=\S)([\s\S]*?\S)__(?![A-Za-z0-9])/y, make: (m) => ({ type: "strong", children: parseInline(m[1]!) }) },
  { pattern: /\*(?=\S)([^*]*?\S)\*/y, make: (m) => ({ type: "em", children: parseInline(m[1]!) }) },
  { pattern: /_(?=\S)([^_]*?\S)_(?![A-Za-z0-9])/y, make: (m) => ({ type: "em", children: parseInline(m[1]!) }) },
  { pattern: /\[([^\]\n]+)\]\(([^)\s]*)\)/y, make: (m) => ({ type: "link", href: m[2]!, children: parseInline(m[1]!) }) },
];

/** Parses one block's text into inline pieces. */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let plain = "";
  let i = 0;
  while (i < text.length) {
    const atWordEdge = i === 0 || !/[A-Za-z0-9]/.test(text[i - 1]!);
    let matched: { inline: Inline; length: number } | undefined;
    for (const { pattern, make } of INLINE) {
      if (text[i] === "_" && !atWordEdge) break;
      pattern.lastIndex = i;
      const match = pattern.exec(text);
      if (match) {
        matched = { inline: make(match), length: match[0].length };
        break;
      }
    }
    if (!matched) {
      plain += text[i];
      i++;
      continue;
    }
    if (plain) out.push({ type: "text", text: plain });
    plain = "";
    out.push(matched.inline);
    i += matched.length;
  }
  if (plain) out.push({ type: "text", text: plain });
  return out;
}
