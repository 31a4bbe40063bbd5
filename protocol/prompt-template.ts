/**
 * The syntax of LLM prompt templates (`{{name}}`, nothing else is evaluated), shared by the nodes
 * that fill them (nodes/llm/template.ts) and the editor that highlights and checks them.
 * `\{{` and `\}}` write literal braces (docs/llm-nodes.md, "Placeholders").
 */

/** One placeholder a prompt param accepts, with what it holds. */
export type PromptPlaceholder = { name: string; description: string };

/** What a prompt param's schema carries to the editor (zod `.meta({ promptTemplate })`). */
export type PromptTemplateMeta = { placeholders: PromptPlaceholder[] };

/** Where something stands in a template: [start, end) in UTF-16 units. */
export type TemplateSpan = { start: number; end: number };

/** Something a template gets wrong, with where it stands and what to do about it. */
export type TemplateProblem = TemplateSpan & { message: string };

/** A name a placeholder may take: what the editor's highlighting and completion follow too. */
export const PLACEHOLDER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The template's braces, leftmost first: an escape, a placeholder `{{ name }}` (spaces inside
 * allowed), braces around something that is not a name, an unclosed `{{`, a lone `}}` (text, as in
 * Mustache: JSON in a prompt often closes two objects at once). A `{{` followed by a third `{` leaves
 * that first `{` as text, so `{{{step}}}` is `{` + `{{step}}` + `}`.
 */
const BRACES = /\\(\{\{|\}\})|\{\{(?!\{)([^{}]*)\}\}|\{\{(?!\{)[^\s{}]*\}?|\}\}/g;

type Piece =
  | (TemplateSpan & { kind: "literal"; text: string })
  | (TemplateSpan & { kind: "placeholder"; name: string })
  | (TemplateSpan & { kind: "malformed"; message: string });

/** The template's braces as escapes, placeholders and malformed ones; the text between is plain. */
function piecesOf(template: string): Piece[] {
  return [...template.matchAll(BRACES)].map((m): Piece => {
    const span = { start: m.index, end: m.index + m[0].length };
    if (m[1] !== undefined) return { ...span, kind: "literal", text: m[1] };
    if (m[2] !== undefined) {
      const name = m[2].trim();
      if (PLACEHOLDER_NAME.test(name)) return { ...span, kind: "placeholder", name };
      return { ...span, kind: "malformed", message: `${m[0]} is not a placeholder: a name is letters, digits and _ (\\{{ writes literal braces)` };
    }
    if (m[0] === "}}") return { ...span, kind: "literal", text: "}}" };
    return { ...span, kind: "malformed", message: `${m[0]} is not closed: a placeholder is {{name}} (\\{{ writes literal braces)` };
  });
}

/** Each placeholder in `template`: its name and where it stands. */
export function placeholdersIn(template: string): (TemplateSpan & { name: string })[] {
  return piecesOf(template).flatMap((p) => (p.kind === "placeholder" ? [{ name: p.name, start: p.start, end: p.end }] : []));
}

/**
 * What is wrong with `template` for a node that fills `known`: braces that are no placeholder,
 * and placeholders it does not fill. Validation and the editor's marks both read this.
 */
export function templateProblems(template: string, known: readonly string[]): TemplateProblem[] {
  const names = known.map((name) => `{{${name}}}`).join(", ");
  return piecesOf(template).flatMap((p): TemplateProblem[] => {
    if (p.kind === "malformed") return [{ start: p.start, end: p.end, message: p.message }];
    if (p.kind === "placeholder" && !known.includes(p.name)) return [{ start: p.start, end: p.end, message: `unknown placeholder {{${p.name}}}; the placeholders are ${names}` }];
    return [];
  });
}

/** Replaces each placeholder by `value(name)` and each escape by its braces; malformed braces stay as written. */
export function replacePlaceholders(template: string, value: (name: string) => string): string {
  let filled = "";
  let from = 0;
  for (const piece of piecesOf(template)) {
    if (piece.kind === "malformed") continue;
    filled += template.slice(from, piece.start) + (piece.kind === "literal" ? piece.text : value(piece.name));
    from = piece.end;
  }
  return filled + template.slice(from);
}
