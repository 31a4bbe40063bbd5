import { NodeToolbar, Position, type NodeProps } from "@xyflow/react";
import { memo, useEffect, useRef, useState } from "react";
import { GROUP_COLOURS, type GroupColour } from "../../protocol/index.js";
import type { GroupFrameNode } from "../document/canvas-items.js";
import { renameGroup, setGroupColour } from "./canvas-item-edits.js";
import { focusItem } from "./focus-item.js";
import { useItemEditing } from "./item-editing.js";

/**
 * A group's frame, behind its nodes. Its name band is the handle that drags the group (and its
 * nodes); double-click the name to rename. While selected, a toolbar above it offers the colours:
 * xyflow draws it over every card and at the same size at any zoom, so no node can cover it.
 */
export const GroupFrame = memo(function GroupFrame({ id, data, selected }: NodeProps<GroupFrameNode>) {
  const editing = useItemEditing((state) => state.editing === id);
  const name = data.name || data.groupId;
  return (
    <div className={`group-frame group-colour-${data.colour}${selected ? " selected" : ""}`}>
      <div
        className="group-frame-header"
        onDoubleClick={(event) => {
          event.stopPropagation();
          useItemEditing.getState().start(id);
        }}
      >
        {editing ? <GroupNameField frameId={id} groupId={data.groupId} name={data.name} /> : <span className="group-frame-name">{name}</span>}
      </div>
      <NodeToolbar isVisible={selected && !editing} position={Position.Top} align="start" offset={6}>
        <ColourChoice groupId={data.groupId} name={name} colour={data.colour} />
      </NodeToolbar>
    </div>
  );
});

function GroupNameField({ frameId, groupId, name }: { frameId: string; groupId: string; name: string }) {
  const [value, setValue] = useState(name);
  const field = useRef<HTMLInputElement>(null);
  const finished = useRef(false);
  useEffect(() => field.current?.select(), []);
  const finish = (keep: boolean) => {
    if (finished.current) return;
    finished.current = true;
    if (keep && value.trim()) renameGroup(groupId, value.trim());
    useItemEditing.getState().stop();
    focusItem(frameId);
  };
  return (
    <input
      ref={field}
      className="group-name-field nodrag"
      aria-label="Group name"
      value={value}
      maxLength={200}
      onChange={(event) => setValue(event.target.value)}
      onBlur={() => finish(true)}
      onKeyDown={(event) => {
        if (event.key === "Enter") finish(true);
        else if (event.key === "Escape") finish(false);
        else return;
        event.preventDefault();
        event.stopPropagation();
      }}
    />
  );
}

/** The palette as radio buttons: one click (or Space on a focused one) sets the colour, one undo step. */
function ColourChoice({ groupId, name, colour }: { groupId: string; name: string; colour: GroupColour }) {
  return (
    <div className="group-colours" role="radiogroup" aria-label={`Colour of ${name}`}>
      {GROUP_COLOURS.map((choice) => (
        <button
          key={choice}
          type="button"
          role="radio"
          aria-checked={choice === colour}
          aria-label={choice}
          title={choice}
          className={`group-swatch group-colour-${choice}`}
          onClick={(event) => {
            event.stopPropagation();
            setGroupColour(groupId, choice);
          }}
        />
      ))}
    </div>
  );
}
