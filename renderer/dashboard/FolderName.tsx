import { folderNameParts } from "./run-row-text.js";

/**
 * A folder's name whose head gives way where the list is narrow, its time at the end kept whole. Its
 * parts are shown only: a screen reader reads the name whole, as one word (flex items read apart).
 */
export function FolderName({ name }: { name: string }) {
  const { head, end } = folderNameParts(name);
  return (
    <>
      <span className="folder-name" aria-hidden="true">
        <span className="folder-name-head">{head}</span>
        {end && <span className="folder-name-end">{end}</span>}
      </span>
      <span className="visually-hidden">{name}</span>
    </>
  );
}
