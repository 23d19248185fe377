import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { ImportFileError } from './types';

/**
 * XML parts of an .xlsx as text, safely: decoded with a streaming decoder (a Chinese character
 * split across two inflated chunks stays whole; exceljs 4.4's streaming reader decodes each
 * chunk on its own and turns such characters into U+FFFD, exceljs issues #2063/#2084), any
 * `<!DOCTYPE` or `<!ENTITY` refused (XXE, "billion laughs": no spreadsheet part needs them),
 * and a run of text longer than any cell may be refused before the parser buffers it.
 */

const DECL = /<!(?:DOCTYPE|ENTITY)/i;

export async function* xmlText(stream: Readable, maxTextRun: number): AsyncGenerator<string> {
  let decoder: StringDecoder | null = null;
  let carry = '';
  let sinceTag = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (!decoder) {
        if (chunk[0] === 0xfe && chunk[1] === 0xff) throw new ImportFileError('error.import.file.unreadable');
        decoder = new StringDecoder(chunk[0] === 0xff && chunk[1] === 0xfe ? 'utf16le' : 'utf8');
      }
      let text = decoder.write(chunk);
      if (text.length === 0) continue;
      if (carry === '' && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if ((text.includes('<!') && DECL.test(text)) || DECL.test(carry + text.slice(0, 9))) throw new ImportFileError('error.import.file.xmlEntities');
      carry = text.slice(-9);
      const lastTag = text.lastIndexOf('<');
      sinceTag = lastTag < 0 ? sinceTag + text.length : text.length - lastTag - 1;
      if (sinceTag > maxTextRun) throw new ImportFileError('error.import.file.xmlTextTooLong');
      yield text;
    }
    const rest = decoder?.end() ?? '';
    if (rest) yield rest;
  } finally {
    stream.destroy();
  }
}

/** The element's name without a namespace prefix (`x:c` → `c`): some producers prefix every element. */
export function localName(name: string): string {
  // Short names without a prefix are the common case: skip the search for most.
  if (name.length <= 2) return name;
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** An attribute by local name (`r:id`, or `id` under any prefix). */
export function attr(node: SaxesTagPlain, name: string): string | undefined {
  const a = node.attributes as Record<string, string>;
  const direct = a[name];
  if (direct !== undefined) return direct;
  for (const k in a) if (localName(k) === localName(name) && k.includes(':') === name.includes(':')) return a[k];
  return undefined;
}

/**
 * A copy of `s` that does not keep the parser's input alive. saxes hands out text as slices of
 * the 64 KB chunk it was written; V8 keeps such a slice (13 characters or more) as a view of the
 * whole chunk, so storing one ID number would pin 64 KB — a million would pin the sheet.
 * Concatenation flattens into a new string, of which the slice is cut.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

export type SaxHandlers = {
  open?: (node: SaxesTagPlain) => void;
  close?: (node: SaxesTagPlain) => void;
  text?: (text: string) => void;
};

export type XmlParser = { write(text: string): void; close(): void };

/** A SAX parser that refuses a DOCTYPE and reports malformed XML as an ImportFileError naming the part. */
export function makeParser(part: string, h: SaxHandlers): XmlParser {
  const p = new SaxesParser<{ position: false; xmlns: false }>({ position: false, xmlns: false });
  let failure: ImportFileError | null = null;
  // saxes reports errors through the event and carries on; we stop at the first.
  p.on('error', () => {
    failure ??= new ImportFileError('error.import.file.xmlMalformed', { part });
  });
  p.on('doctype', () => {
    failure = new ImportFileError('error.import.file.xmlEntities');
  });
  if (h.open) p.on('opentag', h.open);
  if (h.close) p.on('closetag', h.close);
  if (h.text) {
    p.on('text', h.text);
    p.on('cdata', h.text);
  }
  const check = () => {
    if (failure) throw failure;
  };
  return {
    write(text) {
      p.write(text);
      check();
    },
    close() {
      p.close();
      check();
    },
  };
}

/** Parses a whole (small) part. */
export async function parsePart(part: string, stream: Readable, maxTextRun: number, h: SaxHandlers): Promise<void> {
  const p = makeParser(part, h);
  for await (const text of xmlText(stream, maxTextRun)) p.write(text);
  p.close();
}
