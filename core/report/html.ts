// Escaping user text for HTML (the HTML export, and any page built from a workbook): one function
// for text content and quoted attribute values alike, since it escapes both kinds of quote.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text that renders as itself in an element or a quoted attribute, and never as markup. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
