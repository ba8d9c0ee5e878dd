"use client";

import { CLAIM_STATUSES, LABEL_NAMES, type ClaimStatus } from "@/lib/domain/verdicts";
import type { SearchFilterValues } from "./SearchWorkspace";
import styles from "./search.module.css";

// Verdict, reviewer, judged dates and document: each change searches again at once.

type Props = {
  idPrefix: string;
  values: SearchFilterValues;
  members: { id: number; name: string }[];
  documents: { id: number; title: string }[];
  rangeError: string | null;
  filtered: boolean;
  onChange: (change: Partial<SearchFilterValues>) => void;
  onClear: () => void;
};

const ORDER: ClaimStatus[] = ["SOURCED", "DISPUTED", "OPINION", "UNREVIEWED"];

export function SearchFilters({ idPrefix: id, values, members, documents, rangeError, filtered, onChange, onClear }: Props) {
  const toggle = (s: ClaimStatus) =>
    onChange({ status: values.status.includes(s) ? values.status.filter((x) => x !== s) : CLAIM_STATUSES.filter((x) => x === s || values.status.includes(x)) });
  return (
    <div className={styles.filters}>
      <fieldset className={styles.verdicts}>
        <legend>Verdict</legend>
        {ORDER.map((s) => (
          <label key={s} className={`${styles.check} chip ${s}`}>
            <input type="checkbox" name="status" value={s} checked={values.status.includes(s)} onChange={() => toggle(s)} />
            {LABEL_NAMES[s]}
          </label>
        ))}
      </fieldset>
      <div>
        <label htmlFor={`${id}-reviewer`}>Reviewer</label>
        <select id={`${id}-reviewer`} name="reviewer" value={values.reviewer} onChange={(e) => onChange({ reviewer: e.target.value })}>
          <option value="">Anyone</option>
          {members.map((m) => (
            <option key={m.id} value={String(m.id)}>
              {m.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-document`}>Document</label>
        <select id={`${id}-document`} name="document" value={values.document} onChange={(e) => onChange({ document: e.target.value })}>
          <option value="">All documents</option>
          {documents.map((d) => (
            <option key={d.id} value={String(d.id)}>
              {d.title}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-from`}>Judged from</label>
        <input id={`${id}-from`} name="from" type="date" value={values.from} onChange={(e) => onChange({ from: e.target.value })} />
      </div>
      <div>
        <label htmlFor={`${id}-to`}>Judged to (inclusive)</label>
        <input
          id={`${id}-to`}
          name="to"
          type="date"
          value={values.to}
          onChange={(e) => onChange({ to: e.target.value })}
          aria-invalid={rangeError ? true : undefined}
          aria-describedby={rangeError ? `${id}-to-error` : undefined}
        />
        {rangeError ? (
          <div className="field-error" id={`${id}-to-error`} role="alert">
            {rangeError}
          </div>
        ) : null}
      </div>
      {filtered ? (
        <div className={styles.clear}>
          <button type="button" onClick={onClear}>
            Clear filters
          </button>
        </div>
      ) : null}
    </div>
  );
}
