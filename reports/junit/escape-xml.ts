/**
 * Characters XML 1.0 forbids even as references (C0 controls except tab, LF, CR, plus lone
 * surrogates and U+FFFE/U+FFFF); a hub's log line or a camera name may carry them.
 */
const forbiddenXmlChars =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for an XML attribute: newlines and tabs survive as references (parsers normalise raw ones to spaces). */
export function escapeXml(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;')
    .replace(/\t/g, '&#9;');
}

/** Escapes text for XML element content, where line breaks stay as they are. */
export function escapeXmlText(text: string): string {
  return text.replace(forbiddenXmlChars, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
