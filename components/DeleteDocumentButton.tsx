"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "./api-client";

/** Admins only (the page decides): deletes a document and its whole review history, after a confirmation. */
export function DeleteDocumentButton({ id, title }: { id: number; title: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="small danger"
        onClick={async () => {
          if (!window.confirm(`Delete “${title}” with all its claims, verdicts and history? This cannot be undone.`)) return;
          const result = await callApi("DELETE", `/api/documents/${id}`);
          if (result.ok) router.refresh();
          else setError(result.error.message);
        }}
      >
        Delete
      </button>
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
    </>
  );
}
