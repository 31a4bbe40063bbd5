import type { z } from "zod";
import { methodParams, requestSchema, type MethodName, type Reply, type RequestId } from "../../protocol/index.js";
import type { Handlers } from "./handlers.js";

const METHODS = Object.keys(methodParams) as MethodName[];

/**
 * Answers one request frame: checks it against the wire schemas, calls the method's handler and
 * turns whatever goes wrong — not JSON, no such method, bad params, a refused path, a failing
 * handler — into an error reply with a message a user can act on.
 */
export async function answer(text: string, handlers: Handlers): Promise<Reply> {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch (error) {
    return { id: null, error: { message: `not JSON (${(error as Error).message}); send { "id", "method", "params" }` } };
  }
  return answerMessage(message, handlers);
}

/** Answers one parsed request (a WebSocket frame's JSON, or a desktop IPC call): the same checks as `answer`. */
export async function answerMessage(message: unknown, handlers: Handlers): Promise<Reply> {
  const request = requestSchema.safeParse(message);
  if (!request.success) {
    return { id: idOf(message), error: { message: `not a request: ${describeIssues(request.error)}; send { "id", "method", "params" }` } };
  }
  const { id, method } = request.data;
  if (!isMethod(method)) return { id, error: { message: `unknown method "${method}"; the methods are ${METHODS.join(", ")}` } };
  const params = methodParams[method].safeParse(request.data.params ?? {});
  if (!params.success) return { id, error: { message: `${method}: ${describeIssues(params.error)}` } };
  try {
    const call = handlers[method] as (params: unknown) => unknown;
    return { id, result: (await call(params.data)) ?? null };
  } catch (error) {
    return { id, error: { message: `${method}: ${error instanceof Error ? error.message : String(error)}` } };
  }
}

function isMethod(name: string): name is MethodName {
  return Object.hasOwn(methodParams, name);
}

/** The id of a message that is not a valid request, when it has a usable one, so the client can match the error. */
function idOf(message: unknown): RequestId | null {
  const id = (message as { id?: unknown } | null)?.id;
  return typeof id === "number" || (typeof id === "string" && id.length <= 200) ? id : null;
}

/** "path: Invalid input: expected string, received number; doc: …" */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length > 0 ? `${issue.path.join(".")}: ` : ""}${issue.message}`).join("; ");
}
