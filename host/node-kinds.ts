import { isAbsolute } from "node:path";
import { pathToFileURL } from "node:url";
import { builtinNodeKinds } from "../nodes/index.js";
import type { AnyNodeKind } from "../runtime/node-kind.js";
import { NodeRegistry } from "../runtime/registry.js";
import { kindModuleFailure } from "./kind-module-failure.js";

/**
 * The node kinds a host offers, resolved once: the built-ins plus the kinds of extra modules
 * (`foresight serve --kinds <module>`). The editor API validates, describes and trusts with
 * `registry`; a run's worker thread loads `modules` again, since kinds hold functions and
 * cannot be posted to another thread.
 */
export interface HostKinds {
  registry: NodeRegistry;
  /** The extra kind modules as file URLs, in the order given. */
  modules: string[];
}

/** The built-in kinds only. */
export function builtinHostKinds(): HostKinds {
  return { registry: new NodeRegistry(builtinNodeKinds), modules: [] };
}

/**
 * The built-in kinds plus every kind of `modules`: JavaScript ES modules, each given as an absolute
 * path or a file URL, whose default export is a node kind (`defineNodeKind`) or an array of them.
 * A module given twice is loaded once. Throws naming the module when it cannot be loaded (and where in it), exports
 * no kind, or repeats a kind's name (naming the built-in or the other module that has it).
 */
export async function loadHostKinds(modules: readonly string[] = []): Promise<HostKinds> {
  if (modules.length === 0) return builtinHostKinds();
  const registry = new NodeRegistry(builtinNodeKinds);
  const urls = [...new Set(modules.map(moduleUrl))];
  const definedBy = new Map<string, string>();
  for (const url of urls) {
    let loaded: { default?: unknown };
    try {
      loaded = (await import(url)) as { default?: unknown };
    } catch (error) {
      throw new Error(`node kind module ${url} could not be loaded: ${kindModuleFailure(url, error)}`, { cause: error });
    }
    if (!("default" in loaded)) throw new Error(`node kind module ${url} has no default export${namedExports(loaded)}: export default a node kind or an array of them`);
    const exported = Array.isArray(loaded.default) ? loaded.default : [loaded.default];
    if (exported.length === 0) throw new Error(`node kind module ${url} exports an empty array: export default a node kind or an array of them`);
    for (const [index, kind] of exported.entries()) {
      const problem = notAKind(kind);
      if (problem) throw new Error(`node kind module ${url}: its default export${Array.isArray(loaded.default) ? `[${index}]` : ""} is not a node kind (${problem})`);
      const clash = nameClash((kind as AnyNodeKind).kind, url, definedBy);
      if (clash) throw new Error(`node kind module ${url}: ${clash}; give the kind a name of its own`);
      definedBy.set((kind as AnyNodeKind).kind, url);
      try {
        registry.register(kind as AnyNodeKind);
      } catch (error) {
        throw new Error(`node kind module ${url}: ${(error as Error).message}`, { cause: error });
      }
    }
  }
  return { registry, modules: urls };
}

/** ", only the named exports a, b" (a kind exported under a name is the usual slip), or "" when it has none. */
function namedExports(loaded: object): string {
  const names = Object.keys(loaded);
  return names.length === 0 ? "" : `, only the named ${names.length === 1 ? "export" : "exports"} ${names.join(", ")}`;
}

/** Who else has the name `name`: a built-in kind, another module or `url` itself; undefined when nobody. */
function nameClash(name: string, url: string, definedBy: ReadonlyMap<string, string>): string | undefined {
  const builtin = builtinNodeKinds.find((kind) => kind.kind === name);
  if (builtin) return `its kind "${name}" has the name of the built-in kind "${name}" (${builtin.title})`;
  const other = definedBy.get(name);
  if (other === url) return `it defines the kind "${name}" twice`;
  if (other) return `its kind "${name}" is also defined by node kind module ${other}`;
  return undefined;
}

function moduleUrl(module: string): string {
  if (module.startsWith("file:")) return module;
  if (!isAbsolute(module)) throw new Error(`node kind module "${module}" must be an absolute path or a file: URL`);
  return pathToFileURL(module).href;
}

/** Why `value` cannot be registered as a kind, or undefined when it looks like one. */
function notAKind(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return `it is ${value === null ? "null" : typeof value}`;
  const kind = value as Record<string, unknown>;
  if (typeof kind["kind"] !== "string" || kind["kind"] === "") return "no `kind` name";
  if (typeof kind["title"] !== "string") return "no `title`";
  if (typeof (kind["params"] as { safeParse?: unknown } | undefined)?.safeParse !== "function") return "`params` is not a zod schema";
  if (typeof kind["inputs"] !== "object" || typeof kind["outputs"] !== "object") return "no `inputs`/`outputs`";
  if (typeof kind["create"] !== "function") return "no `create` function";
  return undefined;
}
