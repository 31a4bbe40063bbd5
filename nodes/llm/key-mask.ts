/** Shorter keys are not masked: so few characters would also match ordinary words of an answer. */
const SHORTEST_MASKED_KEY = 6;

/**
 * `text` with every copy of the key replaced by a note naming its variable. Servers quote the key
 * they refused (OpenAI's "Incorrect API key provided: …", LiteLLM's "Received API Key = …"), and a
 * reply's text reaches errors, the trace, the cache and the editor: masked before any of them sees it.
 * The key's JSON-escaped form is masked too, as a JSON body quotes it.
 */
export function maskKey(text: string, key: string | undefined, apiKeyEnv: string): string {
  if (key === undefined || key.length < SHORTEST_MASKED_KEY) return text;
  const note = `<the key in ${apiKeyEnv}>`;
  const escaped = JSON.stringify(key).slice(1, -1);
  return text.split(key).join(note).split(escaped).join(note);
}
