const controlChars = /[\u0000-\u0008\u000B-\u001F\u007F\u009B]/g;

/**
 * Makes untrusted text (camera names, hub messages) inert in Markdown and in a terminal:
 * control characters (ANSI escapes) are dropped, Markdown syntax and tag openings are backslash-escaped,
 * newlines become spaces so a value cannot break a list item or a table row.
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(controlChars, '')
      .replace(/[\r\n\t]+/g, ' ')
      .replace(/[\\`*_[\]|#~]/g, (c) => `\\${c}`)
      // Only a '<' that could open a tag or a leading '>' (a quote) means anything; '<= 10 ms' stays.
      .replace(/<(?=[A-Za-z/!?])/g, '\\<')
      .replace(/^>/, '\\>')
  );
}
