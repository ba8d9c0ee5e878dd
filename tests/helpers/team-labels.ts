// A team's house style, for the suites that retrain its models (issue 11, decision 0019): sentences
// it judges OPINION and sentences it checks (DISPUTED), and a way to label a whole article of them.
import { expect } from "vitest";
import type { Client } from "./http";

export const OPINIONS = [
  "Frankly the new ring road is the worst idea this council has had in years.",
  "The mayor's plan is a shameful betrayal of every commuter in the city.",
  "Nobody sensible could defend such a wasteful and cynical budget.",
  "This stadium deal is an insult to the taxpayers who will foot the bill.",
  "It is high time the minister admitted the reform has been a fiasco.",
];
export const FACTS = [
  "The ring road will cost 412 million euros, according to the council's budget.",
  "The city counted 18,300 daily commuters on the northern line in March.",
  "The budget allocates 7 percent of spending to public transport in 2025.",
  "The stadium was approved by a vote of 31 to 12 on Tuesday evening.",
  "The reform took effect on 1 January and covers 2.4 million workers.",
];

/** Ten sentences, each made unique to round `round` (an import of the same text twice is refused). */
export const houseArticle = (round: number) => [...OPINIONS, ...FACTS].map((s) => s.replace(/\.$/, ` (part ${round}).`)).join(" ");

/** Records the team's verdict on every claim of an imported house article. */
export async function labelHouseArticle(client: Client, doc: { claims: { id: number; exact: string; version: number }[] }) {
  for (const c of doc.claims) {
    const opinion = OPINIONS.some((o) => c.exact.startsWith(o.slice(0, 30)));
    const body = opinion ? { label: "OPINION", expectedVersion: c.version } : { label: "DISPUTED", rationale: "The figure is not in the cited record.", expectedVersion: c.version };
    const res = await client.request("PUT", `/api/claims/${c.id}/verdict`, body);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
  }
}
