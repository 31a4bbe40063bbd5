import {
  DefaultIntrinsics,
  getQuickJS,
  shouldInterruptAfterDeadline,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
} from "quickjs-emscripten";

/** What one sandbox may spend. */
export interface SandboxLimits {
  /** Wall-clock time of one call (the call is synchronous, so in practice its CPU time). */
  timeoutMs: number;
  memoryMB: number;
}

/** The file name errors name: "… (script line 3)". */
const FILE = "script";
/** QuickJS's own stack limit: deep recursion fails inside the sandbox before it can exhaust Node's stack. */
const MAX_STACK_BYTES = 256 * 1024;
/** Runs before the user's code, so `run`'s result is read with the real JSON even if the script replaces it. */
const DRIVER = "(() => { const parse = JSON.parse, stringify = JSON.stringify; return (run, text) => stringify(run(parse(text))); })()";

function outsideRun(): number {
  throw new Error("Math.random can only be called while run() is running");
}

/** The parts of one QuickJS context that calls need; disposed together. */
interface Loaded {
  context: QuickJSContext;
  driver: QuickJSHandle;
  run: QuickJSHandle;
}

/**
 * A script's own QuickJS (WebAssembly) runtime: no file system, network, process, timers or
 * module loader (none is exposed; `Date` is left out so runs are reproducible), a memory limit,
 * and a deadline per call. `Math.random` draws from the random stream of the current call.
 */
export class ScriptSandbox {
  private loaded: Loaded;
  private random = outsideRun;

  private constructor(
    private readonly runtime: QuickJSRuntime,
    private readonly js: string,
    private readonly limits: SandboxLimits,
  ) {
    this.loaded = this.load();
  }

  /** Loads the script (its top level runs now, under the same limits); throws with the script's message and line. */
  static async open(js: string, limits: SandboxLimits): Promise<ScriptSandbox> {
    const runtime = (await getQuickJS()).newRuntime();
    runtime.setMemoryLimit(limits.memoryMB * 1024 * 1024);
    runtime.setMaxStackSize(MAX_STACK_BYTES);
    try {
      return new ScriptSandbox(runtime, js, limits);
    } catch (error) {
      runtime.dispose();
      throw error;
    }
  }

  /** A fresh context with the script loaded again: nothing a call left behind survives. */
  reset(): void {
    const fresh = this.load();
    this.disposeLoaded();
    this.loaded = fresh;
  }

  /** Calls `run(JSON.parse(inputsJson))`; answers what it returned, through JSON. */
  call(inputsJson: string, random: () => number): unknown {
    const { context, driver, run } = this.loaded;
    this.random = random;
    const text = context.newString(inputsJson);
    try {
      const result = this.guarded(() => context.callFunction(driver, context.undefined, run, text), context);
      const json = context.typeof(result) === "string" ? context.getString(result) : undefined;
      result.dispose();
      if (json === undefined) throw new Error("run() returned nothing; it must return an object with one property per output");
      return JSON.parse(json) as unknown;
    } finally {
      text.dispose();
      // Top-level code (run again before each episode) must not draw from a stream it does not own.
      this.random = outsideRun;
    }
  }

  dispose(): void {
    this.disposeLoaded();
    this.runtime.dispose();
  }

  private load(): Loaded {
    const context = this.runtime.newContext({ intrinsics: { ...DefaultIntrinsics, Date: false } });
    try {
      this.provideRandom(context);
      const driver = this.guarded(() => context.evalCode(DRIVER, "driver", { type: "global", strict: true }), context);
      try {
        this.guarded(() => context.evalCode(this.js, FILE, { type: "global" }), context).dispose();
        // Asked in the global scope, so a `const run = …` counts as well as `function run`.
        const run = this.guarded(() => context.evalCode('typeof run === "function" ? run : undefined', "lookup", { type: "global" }), context);
        if (context.typeof(run) !== "function") {
          run.dispose();
          throw new Error("the script defines no function run(inputs)");
        }
        return { context, driver, run };
      } catch (error) {
        driver.dispose();
        throw error;
      }
    } catch (error) {
      context.dispose();
      throw error;
    }
  }

  /** The only host function inside: Math.random, answered from the current call's stream. */
  private provideRandom(context: QuickJSContext): void {
    const math = context.getProp(context.global, "Math");
    const random = context.newFunction("random", () => context.newNumber(this.random()));
    context.setProp(math, "random", random);
    random.dispose();
    math.dispose();
  }

  private disposeLoaded(): void {
    const { context, driver, run } = this.loaded;
    run.dispose();
    driver.dispose();
    context.dispose();
  }

  /** Evaluates under the deadline; a script error becomes an Error with the script's message and line. */
  private guarded(evaluate: () => ReturnType<QuickJSContext["evalCode"]>, context: QuickJSContext): QuickJSHandle {
    this.runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + this.limits.timeoutMs));
    let result: ReturnType<QuickJSContext["evalCode"]>;
    try {
      result = evaluate();
    } finally {
      this.runtime.removeInterruptHandler();
    }
    if (!result.error) return result.value;
    const dumped: unknown = context.dump(result.error);
    result.error.dispose();
    throw new Error(this.describeError(dumped));
  }

  private describeError(dumped: unknown): string {
    const error = (typeof dumped === "object" && dumped !== null ? dumped : { message: String(dumped) }) as { name?: string; message?: string; stack?: string };
    const line = new RegExp(`${FILE}:(\\d+)`).exec(error.stack ?? "")?.[1];
    const at = line ? ` (script line ${line})` : "";
    if (error.name === "InternalError" && error.message === "interrupted") {
      // No line: QuickJS reports where the interrupted function starts, not where it was.
      return `the script ran past its time limit of ${this.limits.timeoutMs} ms (timeoutMs) and was interrupted`;
    }
    if (error.name === "InternalError" && error.message === "out of memory") {
      return `the script ran out of memory: it may use ${this.limits.memoryMB} MB (memoryMB)${at}`;
    }
    return `${error.name ?? "Error"}: ${error.message ?? "unknown error"}${at}`;
  }
}
