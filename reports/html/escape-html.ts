/**
 * Escapes untrusted text (camera names, hub messages, the scenario's YAML) for HTML and SVG
 * element content and double- or single-quoted attribute values. Every interpolation in the
 * report goes through this or a number formatter; nothing is inserted raw.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c]!);
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
