import { useMemo, type ReactNode } from "react";
import { parseBlocks, type Block, type Inline } from "./note-markdown.js";

/** A note's Markdown drawn as React elements (never as an HTML string; see note-markdown.ts). */
export function NoteMarkdown({ text }: { text: string }) {
  const blocks = useMemo(() => parseBlocks(text), [text]);
  return <>{blocks.map(block)}</>;
}

function block(b: Block, key: number): ReactNode {
  switch (b.type) {
    case "paragraph":
      return <p key={key}>{inlines(b.children)}</p>;
    case "heading": {
      // Headings inside a note stay below the page's own (h1–h3 are the app's).
      const Tag = (["h4", "h5", "h6"] as const)[b.level - 1]!;
      return <Tag key={key}>{inlines(b.children)}</Tag>;
    }
    case "list": {
      const List = b.ordered ? "ol" : "ul";
      return (
        <List key={key}>
          {b.items.map((item, index) => (
            <li key={index}>{inlines(item)}</li>
          ))}
        </List>
      );
    }
    case "code":
      return (
        <pre key={key}>
          <code>{b.text}</code>
        </pre>
      );
  }
}

function inlines(pieces: readonly Inline[]): ReactNode[] {
  return pieces.map((piece, key) => {
    switch (piece.type) {
      case "text":
        return piece.text;
      case "code":
        return <code key={key}>{piece.text}</code>;
      case "strong":
        return <strong key={key}>{inlines(piece.children)}</strong>;
      case "em":
        return <em key={key}>{inlines(piece.children)}</em>;
      case "link":
        // Shown as text with its address on hover: a note on a shared pipeline file is not trusted to navigate.
        return (
          <span key={key} className="note-link" title={piece.href}>
            {inlines(piece.children)}
          </span>
        );
    }
  });
}
