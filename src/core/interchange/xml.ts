/**
 * Escaping for XML 1.0 text and attribute values. Characters XML 1.0 cannot hold at all (C0
 * controls but tab, line feed and carriage return; lone surrogates; U+FFFE and U+FFFF) become
 * U+FFFD, so that what we write is well-formed whatever the manuscript or a sidecar holds.
 */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const TEXT_SPECIAL = /[&<>]/g;
/** Anything either escaper changes: most texts hold none, and are returned as they are. */
const NEEDS_ESCAPING = /[&<>"\t\n\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;
const ATTRIBUTE_SPECIAL = /[&<>"\t\n\r]/g;
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

/** Text content: `&`, `<` and `>` escaped (`>` too, for `]]>`). */
export function xmlText(text: string): string {
  if (!NEEDS_ESCAPING.test(text)) return text;
  return text.replace(NOT_XML, '\ufffd').replace(TEXT_SPECIAL, (char) => ENTITIES[char]);
}

/** A double-quoted attribute's value: also `"`, and white space kept as character references. */
export function xmlAttribute(value: string): string {
  if (!NEEDS_ESCAPING.test(value)) return value;
  return value.replace(NOT_XML, '\ufffd').replace(ATTRIBUTE_SPECIAL, (char) => ENTITIES[char]);
}

/** `name="value"` pairs for a start tag, leaving out undefined values. */
export function xmlAttributes(attributes: Readonly<Record<string, string | number | undefined>>): string {
  let result = '';
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) result += ` ${name}="${xmlAttribute(String(value))}"`;
  }
  return result;
}

/**
 * An `xml:id` made from any text, after a prefix that starts with a letter: characters other than
 * ASCII letters, digits, `.`, `-` and `_` become `_`, which keeps it an NCName in every XML parser.
 */
export function xmlId(prefix: string, text: string): string {
  return `${prefix}${text.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}
