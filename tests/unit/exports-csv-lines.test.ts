// CsvLineEnds: COPY's LF record ends become CRLF; LFs inside quoted values stay; chunks may be cut anywhere.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { CsvLineEnds } from "@/lib/domain/exports/csv-lines";

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

/** Feeds the input in chunks cut at the given offsets and joins the output. */
function convert(input: string, cuts: number[] = []): string {
  const bytes = enc(input);
  const ends = new CsvLineEnds();
  const out: number[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(...ends.convert(bytes.subarray(from, cut)));
    from = cut;
  }
  return dec(new Uint8Array(out));
}

describe("CsvLineEnds", () => {
  it("ends records with CRLF and leaves line breaks inside quoted values alone", () => {
    expect(convert("a,b\nc,d\n")).toBe("a,b\r\nc,d\r\n");
    expect(convert(`1,"two\nlines",3\n4,"say ""hi""\r\nthere",5\n`)).toBe(`1,"two\nlines",3\r\n4,"say ""hi""\r\nthere",5\r\n`);
    expect(convert(`"",x\n,\n"\n"\n`)).toBe(`"",x\r\n,\r\n"\n"\r\n`);
    expect(convert("")).toBe("");
    expect(convert("no line end")).toBe("no line end");
  });

  it("gives the same bytes however the input is cut into chunks (inside quotes, between a quote pair, at a LF)", () => {
    const input = `1,"a ""quoted"" value\nover, lines",x\n2,plain,"🇺🇦 ""\n"""\n3,,\n`;
    const whole = convert(input);
    expect(parse(whole, { record_delimiter: "\r\n" })).toEqual([
      ["1", `a "quoted" value\nover, lines`, "x"],
      ["2", "plain", `🇺🇦 "\n"`],
      ["3", "", ""],
    ]);
    const length = enc(input).length;
    for (let a = 0; a <= length; a++) {
      expect(convert(input, [a]), `cut at ${a}`).toBe(whole);
      for (let b = a; b <= length; b += 7) expect(convert(input, [a, b]), `cuts at ${a}, ${b}`).toBe(whole);
    }
  });

  it("returns the chunk itself when it holds no record end", () => {
    const ends = new CsvLineEnds();
    const chunk = enc(`"open\nvalue`);
    expect(ends.convert(chunk)).toBe(chunk);
    expect(dec(ends.convert(enc(`",next\n`)))).toBe(`",next\r\n`);
  });
});
