import { useEffect } from "react";
import type { OpenedFile, Transport } from "../../protocol/index.js";
import { useEditor } from "../document/editor-store.js";
import { reasonAbout } from "../files/host-reason.js";

/**
 * Notices, as the window gets the focus back, that the document's file changed on disk (another
 * editor, `foresight format`, a git checkout): a document without unsaved changes shows the new file
 * (`showFromDisk`), as VS Code does; one with changes keeps them and is told once that Save will ask
 * before replacing the file. A file that cannot be read now (deleted, or saved half-edited) is
 * said once, and what is shown stays.
 */
export function useDiskChanges(transport: Transport, showFromDisk: (opened: OpenedFile) => void) {
  useEffect(() => {
    let checking = false;
    let told: string | null = null;
    const check = async () => {
      const { path, diskHash } = useEditor.getState();
      if (checking || !path || !diskHash || document.visibilityState === "hidden") return;
      checking = true;
      try {
        const opened = await transport.readFile(path);
        const now = useEditor.getState();
        // Another document, or a save, since the read asked: it says nothing of this one. (Hosts answer
        // calls in order, so a save sent before the read has already set the new diskHash.)
        if (now.path !== path || now.diskHash !== diskHash || opened.hash === diskHash) return;
        if (!now.dirty) {
          showFromDisk(opened);
          useEditor.getState().say(`Reloaded ${path}: it changed on disk`);
        } else if (told !== opened.hash) {
          told = opened.hash;
          now.say(`${path} changed on disk; your changes are kept, and Save asks before replacing it`);
        }
      } catch (error) {
        // Gone, or no pipeline now (saved half-edited in another editor): what is shown stays; Save writes it again or asks first.
        const reason = reasonAbout(error, path);
        if (told !== reason && useEditor.getState().path === path) {
          told = reason;
          useEditor.getState().say(`Could not read ${path} again: ${reason}`, "error");
        }
      } finally {
        checking = false;
      }
    };
    const onVisible = () => void check();
    window.addEventListener("focus", onVisible);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.removeEventListener("focus", onVisible);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [transport, showFromDisk]);
}
