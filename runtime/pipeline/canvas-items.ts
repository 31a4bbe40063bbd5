import { jsonPointer } from "./pointer.js";
import type { Problem } from "./problem.js";
import { groupSpecSchema, noteSpecSchema } from "./schema.js";

/**
 * What the notes' and groups' schemas cannot see (their fields are checked with the file's
 * header): ids unique within the notes and within the groups, and each group naming nodes the
 * file has, none of them in another group. Node ids are read from the file as written, so a node
 * with problems of its own does not make its group a second problem.
 */
export function checkCanvasItems(doc: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const nodeIds = new Set(listOf(doc["nodes"]).flatMap((node) => (isObject(node) && typeof node["id"] === "string" ? [node["id"]] : [])));

  checkUniqueIds("notes", "note", listOf(doc["notes"]).map((note) => noteSpecSchema.safeParse(note).data?.id), problems);
  const groups = listOf(doc["groups"]).map((group) => groupSpecSchema.safeParse(group).data);
  checkUniqueIds("groups", "group", groups.map((group) => group?.id), problems);

  const groupOf = new Map<string, string>();
  groups.forEach((group, index) => {
    if (!group) return;
    group.nodes.forEach((nodeId, member) => {
      const pointer = jsonPointer(["groups", index, "nodes", member]);
      if (!nodeIds.has(nodeId)) {
        problems.push({ code: "unknown-node", pointer, message: `group "${group.id}" names node "${nodeId}", which the pipeline does not have` });
        return;
      }
      const other = groupOf.get(nodeId);
      if (other !== undefined) {
        const where = other === group.id ? "twice" : `in group "${other}" already`;
        problems.push({ code: "bad-field", pointer, nodeId, message: `node "${nodeId}" is listed ${where}; a node is in at most one group` });
        return;
      }
      groupOf.set(nodeId, group.id);
    });
  });
  return problems;
}

function checkUniqueIds(list: "notes" | "groups", what: string, ids: readonly (string | undefined)[], problems: Problem[]): void {
  const first = new Map<string, number>();
  ids.forEach((id, index) => {
    if (id === undefined) return;
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, index);
    else problems.push({ code: "duplicate-id", pointer: jsonPointer([list, index, "id"]), message: `${what} id "${id}" is already used by /${list}/${earlier}; ${what} ids must be unique` });
  });
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
