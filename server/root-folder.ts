import { lstatSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";

/** A path a client named that the server will not touch: outside the root, or not a usable path. */
export class PathRefused extends Error {}

/**
 * The folder `foresight serve` may read and write (`--root`). Every path a client sends goes
 * through `resolve`, which refuses one that leaves the folder by "..", by being absolute
 * elsewhere, or through a symbolic link.
 */
export class RootFolder {
  /** The root's real path (symbolic links resolved). */
  readonly path: string;

  constructor(root: string) {
    try {
      this.path = realpathSync(resolve(root));
    } catch {
      throw new Error(`the root folder ${resolve(root)} does not exist`);
    }
  }

  /** The absolute path of `path` (relative to the root, or absolute inside it); throws PathRefused if it is outside. */
  resolve(path: string): string {
    if (path.includes("\0")) throw new PathRefused(`${JSON.stringify(path)} is not a valid path`);
    const absolute = resolve(this.path, path);
    // The part that exists decides where the path really leads: its real path must lie inside the root.
    let existing = absolute;
    while (!exists(existing)) existing = dirname(existing);
    let real: string;
    try {
      real = realpathSync(existing);
    } catch {
      throw new PathRefused(`${path}: a broken symbolic link`);
    }
    if (!this.contains(join(real, relative(existing, absolute)))) {
      throw new PathRefused(`${path}: outside the root folder ${this.path}; paths must stay inside it`);
    }
    return absolute;
  }

  /** `absolute` relative to the root, with "/" separators (what clients see). */
  relative(absolute: string): string {
    return relative(this.path, absolute).split(sep).join("/");
  }

  private contains(absolute: string): boolean {
    const inside = relative(this.path, absolute);
    return inside === "" || (inside !== ".." && !inside.startsWith(`..${sep}`) && !isAbsolute(inside));
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
