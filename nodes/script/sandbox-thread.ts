import type { MessagePort } from "node:worker_threads";
import type { Intrinsics, QuickJSContext, QuickJSHandle, QuickJSRuntime, QuickJSWASMModule } from "quickjs-emscripten";

/** What one sandbox may spend. */
export interface SandboxLimits {
  /** Wall-clock time of one call of `run` (or of the top level). */
  timeoutMs: number;
  /** The script's heap, on top of what QuickJS itself needs (QUICKJS_BASE_MB). */
  memoryMB: number;
}

/**
 * The WebAssembly memory QuickJS starts with (the release-sync build's INITIAL_MEMORY): its code's
 * data, stack and first heap. The sandbox's memory may grow to this plus `memoryMB`, and no further.
 */
export const QUICKJS_BASE_MB = 16;

/** Four 32-bit words that seed the call's Math.random, drawn from the node's stream for the step. */
export type RandomSeed = readonly [number, number, number, number];

/** A request from the host; `load` (re)starts the script in a fresh context, so it also resets it. */
export type SandboxRequest = { type: "load" } | { type: "call"; inputs: string; seed: RandomSeed };

/** What the script printed (console.log and kin) during one request: the lines kept, and how many more it printed. */
export interface Printed {
  lines: string[];
  unprinted: number;
}

/** How much of what a script prints is kept per request (one call of `run`: a step), so a loop cannot flood the trace. */
export const PRINT_LIMITS = { linesPerCall: 20, charsPerLine: 1000 };

/** The thread's answer: a script error is `ok: false`; `fatal` means the thread is of no further use. */
export type SandboxReply = ({ ok: true; result?: string } | { ok: false; message: string; fatal?: boolean }) & { printed?: Printed };

/** Handed to the thread when it starts. */
export interface SandboxThreadData {
  /** [0] bumped by the host per request, [1] bumped by the thread per reply (both notified). */
  control: Int32Array;
  port: MessagePort;
  quickjsPath: string;
  /** The WebAssembly memory's size in 64 KiB pages: QuickJS's base, and the cap (base + memoryMB). */
  pages: { initial: number; maximum: number };
  js: string;
  limits: SandboxLimits;
  printLimits: typeof PRINT_LIMITS;
}

/** The one WebAssembly API used here (lib ES2023 declares none). */
declare const WebAssembly: { Memory: new (pages: SandboxThreadData["pages"]) => object };

export const REQUEST = 0;
export const REPLY = 1;

/**
 * The body of a Script node's sandbox thread. It runs as source text (`new Worker(…, { eval: true })`,
 * built by `sandboxThreadSource`) so it loads the same way from the TypeScript sources (tests), the
 * build and a packaged app: the functions below may use only each other, globals and `require`.
 *
 * The thread owns one QuickJS runtime whose WebAssembly memory is its own and capped: QuickJS's
 * `setMemoryLimit` alone bounds single allocations, not the total, in the Emscripten build
 * (justjake/quickjs-emscripten#271: `malloc_usable_size` answers 0 there, so the running total never
 * grows), but a memory that cannot grow makes `malloc` fail, which QuickJS reports as out of memory.
 * It serves requests one at a time, blocking between them, so the host can call it synchronously; a
 * call that outlives its deadline inside one built-in (the interrupt handler runs only between
 * bytecodes) is ended by the host terminating the thread.
 */
function sandboxThreadMain(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- source text for an eval worker: require is all it has
  const threads = require("node:worker_threads") as typeof import("node:worker_threads");
  const data = threads.workerData as SandboxThreadData;
  const { control, port, limits, printLimits } = data;
  // control[0] is REQUEST and control[1] REPLY: module constants are out of reach of the source text.
  const reply = (message: SandboxReply): void => {
    port.postMessage(message);
    Atomics.add(control, 1, 1);
    Atomics.notify(control, 1);
  };
  const failed = (error: unknown): string => (error instanceof Error ? error.message : String(error));
  void startQuickJS(data).then(
    (quickjs) => {
      const runtime = quickjs.module.newRuntime();
      runtime.setMemoryLimit(limits.memoryMB * 1024 * 1024);
      // QuickJS's own stack limit: deep recursion fails inside the sandbox before it can exhaust the thread's stack.
      runtime.setMaxStackSize(256 * 1024);
      const state: SandboxState = { quickjs, runtime, limits, printLimits, js: data.js, loaded: undefined, random: () => outsideRun(), printed: { lines: [], unprinted: 0 } };
      try {
        warmUp(state);
      } catch (error) {
        reply({ ok: false, message: failed(error), fatal: true });
        return;
      }
      // Read before the first reply: the host sends its first request as soon as it sees that reply.
      let seen = Atomics.load(control, 0);
      reply({ ok: true });
      for (;;) {
        Atomics.wait(control, 0, seen);
        seen = Atomics.load(control, 0);
        const request = threads.receiveMessageOnPort(port)?.message as SandboxRequest | undefined;
        if (request === undefined) continue;
        state.printed = { lines: [], unprinted: 0 };
        try {
          const answer = serve(state, request);
          reply(state.printed.lines.length + state.printed.unprinted > 0 ? { ...answer, printed: state.printed } : answer);
        } catch (error) {
          // Not the script's doing (the sandbox itself failed): the host starts a fresh thread.
          reply({ ok: false, message: failed(error), fatal: true });
        }
      }
    },
    (error: unknown) => reply({ ok: false, message: failed(error), fatal: true }),
  );
}

interface Loaded {
  context: QuickJSContext;
  driver: QuickJSHandle;
  run: QuickJSHandle;
}

interface QuickJS {
  module: QuickJSWASMModule;
  shouldInterruptAfterDeadline: typeof import("quickjs-emscripten").shouldInterruptAfterDeadline;
  /** The standard built-ins less `Date`, so runs are reproducible. */
  intrinsics: Intrinsics;
}

interface SandboxState {
  quickjs: QuickJS;
  runtime: QuickJSRuntime;
  limits: SandboxLimits;
  printLimits: typeof PRINT_LIMITS;
  js: string;
  loaded: Loaded | undefined;
  random: () => number;
  /** What the current request printed. */
  printed: Printed;
}

async function startQuickJS(data: SandboxThreadData): Promise<QuickJS> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above; the path the host resolved
  const quickjs = require(data.quickjsPath) as typeof import("quickjs-emscripten");
  const variant = quickjs.newVariant(quickjs.RELEASE_SYNC, { wasmMemory: new WebAssembly.Memory(data.pages) });
  return {
    module: await quickjs.newQuickJSWASMModuleFromVariant(variant),
    shouldInterruptAfterDeadline: quickjs.shouldInterruptAfterDeadline,
    intrinsics: { ...quickjs.DefaultIntrinsics, Date: false },
  };
}

function serve(state: SandboxState, request: SandboxRequest): SandboxReply {
  if (request.type === "load") {
    const fresh = loadScript(state);
    if (!("context" in fresh)) return fresh;
    disposeLoaded(state.loaded);
    state.loaded = fresh;
    return { ok: true };
  }
  const loaded = state.loaded;
  if (loaded === undefined) return { ok: false, message: "the script is not loaded", fatal: true };
  const { context, driver, run } = loaded;
  state.random = seededRandom(request.seed);
  const text = context.newString(request.inputs);
  try {
    const result = guarded(state, context, () => context.callFunction(driver, context.undefined, run, text));
    if (!("alive" in result)) return result;
    const returned = context.typeof(result);
    const json = returned === "string" ? context.getString(result) : undefined;
    result.dispose();
    // The driver's word for a Promise, which JSON would have made `{}`.
    if (returned === "number") return { ok: false, message: "run() returned a Promise; run must be synchronous (function run, not async function run: the sandbox has no event loop to settle a Promise)" };
    if (json === undefined) return { ok: false, message: "run() returned nothing; it must return an object with one property per output" };
    return { ok: true, result: json };
  } finally {
    text.dispose();
    state.random = () => outsideRun();
  }
}

/**
 * Loads and calls a trivial script once, under start-up's deadline instead of the script's: the
 * first load on a thread compiles QuickJS's WebAssembly as it goes (V8 compiles functions lazily),
 * which took 10–27 ms on an idle machine, so a short `timeoutMs` interrupted scripts that are
 * instant once warm. Its time is the sandbox's, not the script's.
 */
function warmUp(state: SandboxState): void {
  // A script that takes every path a load and a call take.
  const js = "function run(inputs) { return { echoed: [inputs.x, Math.random()] }; }";
  const warm: SandboxState = { ...state, js, limits: { ...state.limits, timeoutMs: 60_000 }, loaded: undefined };
  serve(warm, { type: "load" });
  serve(warm, { type: "call", inputs: '{"x":1}', seed: [1, 2, 3, 4] });
  disposeLoaded(warm.loaded);
}

/** A fresh context with the script loaded (its top level run now, under the same limits), or why not. */
function loadScript(state: SandboxState): Loaded | SandboxReply {
  const context = state.runtime.newContext({ intrinsics: state.quickjs.intrinsics });
  const keep: QuickJSHandle[] = [];
  const fail = (reply: SandboxReply): SandboxReply => {
    for (const handle of keep) handle.dispose();
    context.dispose();
    return reply;
  };
  // The only host functions inside: Math.random, and where console's lines go.
  const math = context.getProp(context.global, "Math");
  const random = context.newFunction("random", () => context.newNumber(state.random()));
  context.setProp(math, "random", random);
  random.dispose();
  math.dispose();
  const print = context.newFunction("print", (line) => {
    const printed = state.printed;
    if (printed.lines.length < state.printLimits.linesPerCall) printed.lines.push(context.getString(line));
    else printed.unprinted += 1;
  });
  context.setProp(context.global, "__foresightPrint", print);
  print.dispose();
  // Formats in the sandbox (under its limits) and cuts a line before it crosses to the host.
  const consoleCode = `(() => {
    const print = globalThis.__foresightPrint, stringify = JSON.stringify, max = ${state.printLimits.charsPerLine};
    delete globalThis.__foresightPrint;
    const shown = (value) => {
      if (typeof value === "string") return value;
      if (typeof value === "function") return "[function " + (value.name || "anonymous") + "]";
      if (typeof value !== "object" || value === null || value instanceof Error) return String(value);
      try { return stringify(value) ?? String(value); } catch { return String(value); }
    };
    const writer = (label) => (...values) => {
      const line = label + values.map(shown).join(" ");
      print(line.length > max ? line.slice(0, max) + "…" : line);
    };
    globalThis.console = { log: writer(""), info: writer(""), debug: writer(""), warn: writer("warning: "), error: writer("error: ") };
  })()`;
  // The sandbox's own code: not charged to the script's time limit.
  const own: SandboxState = { ...state, limits: { ...state.limits, timeoutMs: 60_000 } };
  const consoleSet = guarded(own, context, () => context.evalCode(consoleCode, "console", { type: "global", strict: true }));
  if (!("alive" in consoleSet)) return fail(consoleSet);
  consoleSet.dispose();
  // Runs before the user's code, so `run`'s result is read with the real JSON and Promise even if the script replaces them.
  const driverCode =
    "(() => { const parse = JSON.parse, stringify = JSON.stringify, Pending = Promise; return (run, text) => { const out = run(parse(text)); return out instanceof Pending ? 0 : stringify(out); }; })()";
  const driver = guarded(state, context, () => context.evalCode(driverCode, "driver", { type: "global", strict: true }));
  if (!("alive" in driver)) return fail(driver);
  keep.push(driver);
  const top = guarded(state, context, () => context.evalCode(state.js, "script", { type: "global" }));
  if (!("alive" in top)) return fail(top);
  top.dispose();
  // Asked in the global scope, so a `const run = …` counts as well as `function run`.
  const run = guarded(state, context, () => context.evalCode('typeof run === "function" ? run : undefined', "lookup", { type: "global" }));
  if (!("alive" in run)) return fail(run);
  if (context.typeof(run) !== "function") {
    run.dispose();
    return fail({ ok: false, message: "the script defines no function run(inputs)" });
  }
  return { context, driver, run };
}

function disposeLoaded(loaded: Loaded | undefined): void {
  if (loaded === undefined) return;
  loaded.run.dispose();
  loaded.driver.dispose();
  loaded.context.dispose();
}

/** Evaluates under the deadline; a script error becomes a reply with the script's message and line. */
function guarded(state: SandboxState, context: QuickJSContext, evaluate: () => ReturnType<QuickJSContext["evalCode"]>): QuickJSHandle | SandboxReply {
  state.runtime.setInterruptHandler(state.quickjs.shouldInterruptAfterDeadline(Date.now() + state.limits.timeoutMs));
  let result: ReturnType<QuickJSContext["evalCode"]>;
  try {
    result = evaluate();
  } finally {
    state.runtime.removeInterruptHandler();
  }
  if (!result.error) return result.value;
  const dumped: unknown = context.dump(result.error);
  result.error.dispose();
  return { ok: false, message: describeError(dumped, state.limits, state.js) };
}

/** The error as the user reads it; its place in the script's JavaScript (the host maps the column to the TypeScript). */
function describeError(dumped: unknown, limits: SandboxLimits, js: string): string {
  if (typeof dumped !== "object" || dumped === null) {
    // A thrown string (or number) carries no stack: its place is found in the source, where it can be.
    const thrown = typeof dumped === "string" ? JSON.stringify(dumped) : String(dumped);
    const place = typeof dumped === "string" ? thrownAt(js, dumped) : undefined;
    return place ? `the script threw ${thrown} (script line ${place.line}, column ${place.column})` : `the script threw ${thrown}, not an Error, so its line is unknown (throw new Error(…) to have it)`;
  }
  const error = dumped as { name?: string; message?: string; stack?: string };
  const place = /script:(\d+)(?::(\d+))?/.exec(error.stack ?? "");
  const at = place ? ` (script line ${place[1]}${place[2] ? `, column ${place[2]}` : ""})` : "";
  if (error.name === "InternalError" && error.message === "interrupted") {
    // No line: QuickJS reports where the interrupted function starts, not where it was.
    return `the script ran past its time limit of ${limits.timeoutMs} ms (timeoutMs) and was interrupted`;
  }
  if (error.name === "InternalError" && error.message === "out of memory") {
    return `the script ran out of memory: it may use ${limits.memoryMB} MB (memoryMB)${at}`;
  }
  return `${error.name ?? "Error"}: ${error.message ?? "unknown error"}${at}`;
}

/** The one `throw "…"` (or '…', or a template with no substitution) in `js` that throws `text`, or undefined when there is none or more than one. */
function thrownAt(js: string, text: string): { line: number; column: number } | undefined {
  const found: { line: number; column: number }[] = [];
  js.split("\n").forEach((source, index) => {
    for (const match of source.matchAll(/\bthrow\s+(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|`([^`$\\]*)`)/g)) {
      const literal = (match[1] ?? match[2] ?? match[3] ?? "").replace(/\\(.)/g, "$1");
      if (literal === text) found.push({ line: index + 1, column: (match.index ?? 0) + 1 });
    }
  });
  return found.length === 1 ? found[0] : undefined;
}

/** xoshiro128** over the seed, as floats in [0, 1) with 53 random bits: the call's Math.random. */
function seededRandom(seed: RandomSeed): () => number {
  let [a, b, c, d] = seed;
  if ((a | b | c | d) === 0) a = 1;
  const rotate = (x: number, k: number): number => (x << k) | (x >>> (32 - k));
  const next = (): number => {
    const result = Math.imul(rotate(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotate(d, 11);
    return result;
  };
  return () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
}

function outsideRun(): number {
  throw new Error("Math.random can only be called while run() is running");
}

/** The thread's source text: the functions above, then a call of the main one. */
export function sandboxThreadSource(): string {
  const parts = [sandboxThreadMain, startQuickJS, warmUp, serve, loadScript, disposeLoaded, guarded, describeError, thrownAt, seededRandom, outsideRun];
  return `"use strict";\n${parts.map(String).join("\n")}\nsandboxThreadMain();\n`;
}
