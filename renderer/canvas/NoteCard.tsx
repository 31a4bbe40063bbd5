import { NodeResizer, type NodeProps } from "@xyflow/react";
import { memo, useEffect, useRef, useState, type KeyboardEvent } from "react";
import { NOTE_LIMITS } from "../../protocol/index.js";
import type { NoteNode } from "../document/canvas-items.js";
import { useEditor } from "../document/editor-store.js";
import { setNoteText } from "./canvas-item-edits.js";
import { focusItem } from "./focus-item.js";
import { useItemEditing } from "./item-editing.js";
import { NoteMarkdown } from "./NoteMarkdown.js";

/**
 * A Markdown note on the canvas: drawn as Markdown, typed into on double-click (or "Edit note" in
 * its menu), resized by its corners while selected. xyflow's wrapper carries role=note and its name.
 */
export const NoteCard = memo(function NoteCard({ id, data, selected }: NodeProps<NoteNode>) {
  const editing = useItemEditing((state) => state.editing === id);
  const checkpoint = useEditor((state) => state.checkpoint);
  return (
    <>
      <NodeResizer
        isVisible={selected && !editing}
        minWidth={NOTE_LIMITS.minSide}
        minHeight={NOTE_LIMITS.minSide}
        maxWidth={NOTE_LIMITS.maxSide}
        maxHeight={NOTE_LIMITS.maxSide}
        onResizeStart={checkpoint}
      />
      <div
        className={`note-card${selected ? " selected" : ""}`}
        onDoubleClick={(event) => {
          event.stopPropagation();
          useItemEditing.getState().start(id);
        }}
      >
        {editing ? (
          <NoteEditor noteId={id} text={data.text} />
        ) : data.text.trim() ? (
          <div className="note-body">
            <NoteMarkdown text={data.text} />
          </div>
        ) : (
          <p className="note-placeholder">Double-click to write a note (Markdown)</p>
        )}
      </div>
    </>
  );
});

/** The note's text as typed: kept here until the field is left (one undo step), Escape drops it. */
function NoteEditor({ noteId, text }: { noteId: string; text: string }) {
  const [value, setValue] = useState(text);
  const field = useRef<HTMLTextAreaElement>(null);
  const finished = useRef(false);
  useEffect(() => {
    const element = field.current;
    element?.focus();
    element?.setSelectionRange(element.value.length, element.value.length);
  }, []);
  const finish = (keep: boolean) => {
    // Leaving by Escape unmounts the field, which may also blur it: act once.
    if (finished.current) return;
    finished.current = true;
    if (keep) setNoteText(noteId, value);
    useItemEditing.getState().stop();
    focusItem(noteId);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const mod = event.ctrlKey || event.metaKey;
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      finish(false);
    } else if (event.key === "Enter" && mod) {
      event.preventDefault();
      finish(true);
    } else if (mod && ["z", "y"].includes(event.key.toLowerCase())) {
      // The field's own undo while typing; the document's once the text is in.
      event.stopPropagation();
    } else if (mod && event.key.toLowerCase() === "s") {
      // Saving takes what is typed so far.
      setNoteText(noteId, value);
    }
  };
  return (
    <textarea
      ref={field}
      className="note-editor nodrag nowheel nopan"
      aria-label="Note text (Markdown)"
      placeholder={"Markdown: **bold**, _emphasis_, `code`, - lists\nCtrl+Enter or click away to finish, Escape to cancel"}
      value={value}
      onChange={(event) => setValue(event.target.value)}
      onBlur={() => finish(true)}
      onKeyDown={onKeyDown}
    />
  );
}
