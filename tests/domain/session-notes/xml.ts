import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Wraps a storage-format fragment in a root that declares the `ac` and `ri` namespaces. */
export function wrap(fragment: string): string {
  return (
    '<root xmlns="http://www.w3.org/1999/xhtml" ' +
    'xmlns:ac="http://atlassian.com/content" xmlns:ri="http://atlassian.com/resource/identifier">' +
    `${fragment}</root>`
  );
}

/** True when the fragment is well-formed XML (fast-xml-parser's validator). */
export function isWellFormed(fragment: string): boolean {
  return XMLValidator.validate(wrap(fragment)) === true;
}

type OrderedNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: true,
});

export interface Parsed {
  /** Element names in document order (the root excluded). */
  readonly elements: string[];
  /** Attribute names in document order (namespace declarations excluded). */
  readonly attributes: string[];
  /** All text in document order, with each `<br />` read as a newline. */
  readonly text: string;
}

/** Parses a fragment and flattens it into element names, attribute names and text. */
export function parseFragment(fragment: string): Parsed {
  const elements: string[] = [];
  const attributes: string[] = [];
  let text = '';
  const visit = (nodes: unknown): void => {
    if (!Array.isArray(nodes)) return;
    for (const node of nodes as OrderedNode[]) {
      for (const [key, value] of Object.entries(node)) {
        if (key === '#text') {
          text += String(value);
        } else if (key === ':@') {
          for (const name of Object.keys(value as object)) {
            if (!name.startsWith('xmlns')) attributes.push(name);
          }
        } else {
          elements.push(key);
          if (key === 'br') text += '\n';
          visit(value);
        }
      }
    }
  };
  const parsed = parser.parse(wrap(fragment)) as OrderedNode[];
  visit((parsed[0] ?? {}).root);
  return { elements, attributes, text };
}
