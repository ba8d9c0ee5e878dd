// PostgreSQL's COPY … (FORMAT csv) ends each record with LF; the export's CSV ends them with CRLF
// (RFC 4180, decision 0008). A line break inside a value is always inside quotes (COPY quotes
// every value holding a quote, comma, CR or LF), so a LF outside quotes ends a record. The quote
// state carries over from one chunk to the next: a chunk may end inside a quoted value.

const LF = 0x0a;
const QUOTE = 0x22;
const CRLF = new Uint8Array([0x0d, 0x0a]);

/** Turns the record-ending LFs of COPY's CSV into CRLF, chunk by chunk; LFs inside quoted values stay as they are. */
export class CsvLineEnds {
  private quoted = false;

  convert(chunk: Uint8Array): Uint8Array {
    const parts: Uint8Array[] = [];
    const n = chunk.length;
    let from = 0;
    let i = 0;
    // The next quote and the next LF at or after i (n: none left in this chunk), each searched for
    // again only once passed: one native search per special byte, not one per byte.
    let nextQuote = -1;
    let nextLf = -1;
    const find = (byte: number, at: number) => {
      const j = chunk.indexOf(byte, at);
      return j === -1 ? n : j;
    };
    while (i < n) {
      if (this.quoted) {
        const close = find(QUOTE, i);
        if (close === n) break;
        this.quoted = false; // a doubled quote inside a value closes and reopens: the same in the end
        i = close + 1;
        continue;
      }
      if (nextQuote < i) nextQuote = find(QUOTE, i);
      if (nextLf < i) nextLf = find(LF, i);
      if (nextLf < nextQuote) {
        parts.push(chunk.subarray(from, nextLf), CRLF);
        from = i = nextLf + 1;
      } else if (nextQuote < n) {
        this.quoted = true;
        i = nextQuote + 1;
      } else break;
    }
    if (!parts.length) return chunk;
    parts.push(chunk.subarray(from));
    let length = 0;
    for (const p of parts) length += p.length;
    const out = new Uint8Array(length);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}
