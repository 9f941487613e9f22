// exceljs's streaming reader turns each decompressed chunk into a string on its own, so a Chinese
// character split across two chunks becomes "��" (exceljs issues #2063, #2084, #2316; unfixed in
// 4.4.0) — names in a large import would be silently corrupted. Until a release fixes it, this
// puts a chunk-safe version of its internal SAX helper in the module cache before exceljs loads.
import { createRequire } from 'node:module';
import { StringDecoder } from 'node:string_decoder';

const require = createRequire(import.meta.url);
const fromExceljs = createRequire(require.resolve('exceljs'));
const target = fromExceljs.resolve('./lib/utils/parse-sax.js');
const { SaxesParser } = fromExceljs('saxes') as { SaxesParser: new () => SaxesLike };

interface SaxesLike {
  on(event: string, handler: (value: unknown) => void): void;
  write(chunk: string): void;
}

async function* parseSax(iterable: AsyncIterable<Buffer | string>) {
  const parser = new SaxesParser();
  const decoder = new StringDecoder('utf8');
  let error: unknown;
  let events: { eventType: string; value: unknown }[] = [];
  parser.on('error', (e) => (error = e));
  for (const type of ['opentag', 'text', 'closetag'])
    parser.on(type, (value) => events.push({ eventType: type, value }));
  const feed = (text: string) => {
    parser.write(text);
    if (error) throw error;
  };
  for await (const chunk of iterable) {
    feed(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    yield events;
    events = [];
  }
  feed(decoder.end());
  yield events;
}

if (!require.cache[target]) {
  const mod = new (require('node:module') as { Module: new (id: string) => NodeJS.Module }).Module(target);
  mod.filename = target;
  mod.loaded = true;
  mod.exports = parseSax;
  require.cache[target] = mod;
}
