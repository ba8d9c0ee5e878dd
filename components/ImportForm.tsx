"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi, type ApiError } from "./api-client";

const MAX_BYTES = 2 * 1024 * 1024;

export function ImportForm() {
  const router = useRouter();
  const [text, setText] = useState("");
  const [title, setTitle] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const fieldError = (name: string) => error?.fields?.[name];

  async function onFile(file: File | undefined) {
    if (!file) return;
    setError(null);
    if (file.size > MAX_BYTES) {
      setError({ code: "PAYLOAD_TOO_LARGE", message: `That file is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is 2 MB.`, fields: { text: "File over 2 MB." } });
      return;
    }
    try {
      const decoded = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
      setText(decoded.replace(/^\uFEFF/, ""));
      if (!title) setTitle(file.name.replace(/\.txt$/i, "").replace(/[_-]+/g, " "));
    } catch {
      setError({ code: "INVALID", message: "That file is not UTF-8 text. Save it as plain UTF-8 text and choose it again.", fields: { text: "Not UTF-8 text." } });
    }
  }

  async function submit(form: HTMLFormElement) {
    const data = new FormData(form);
    setBusy(true);
    setError(null);
    const result = await callApi<{ document: { id: number } }>("POST", "/api/documents", {
      title,
      text,
      sourceUrl: data.get("sourceUrl"),
      publisher: data.get("publisher"),
      author: data.get("author"),
      publishedAt: data.get("publishedAt"),
    });
    setBusy(false);
    if (result.ok) router.push(`/documents/${result.data.document.id}`);
    else setError(result.error);
  }

  const duplicate = error?.code === "DUPLICATE_DOCUMENT" ? (error.document as { id: number; title: string }) : null;
  return (
    <form
      className="card"
      aria-labelledby="import-heading"
      onSubmit={(e) => {
        e.preventDefault();
        void submit(e.currentTarget);
      }}
    >
      <h2 id="import-heading">Import an article</h2>
      {error ? (
        <div className="banner error" role="alert">
          {error.message}{" "}
          {duplicate ? <a href={`/documents/${duplicate.id}`}>Open “{duplicate.title}”</a> : null}
        </div>
      ) : null}
      <label htmlFor="imp-title">Title</label>
      <input id="imp-title" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={300} aria-invalid={!!fieldError("title")} />
      {fieldError("title") ? <div className="field-error">{fieldError("title")}</div> : null}
      <label htmlFor="imp-text">Article text</label>
      <textarea id="imp-text" rows={7} value={text} onChange={(e) => setText(e.target.value)} placeholder="Paste the article here…" aria-invalid={!!fieldError("text")} />
      {fieldError("text") ? <div className="field-error">{fieldError("text")}</div> : null}
      <label htmlFor="imp-file">…or a .txt file (UTF-8, up to 2 MB)</label>
      <input id="imp-file" type="file" accept=".txt,text/plain" onChange={(e) => void onFile(e.target.files?.[0])} />
      <label htmlFor="imp-url">Source URL</label>
      <input id="imp-url" name="sourceUrl" type="url" placeholder="https://…" aria-invalid={!!fieldError("sourceUrl")} />
      {fieldError("sourceUrl") ? <div className="field-error">{fieldError("sourceUrl")}</div> : null}
      <div className="row">
        <div>
          <label htmlFor="imp-publisher">Publisher</label>
          <input id="imp-publisher" name="publisher" />
        </div>
        <div>
          <label htmlFor="imp-date">Published</label>
          <input id="imp-date" name="publishedAt" type="date" aria-invalid={!!fieldError("publishedAt")} />
        </div>
      </div>
      {fieldError("publishedAt") ? <div className="field-error">{fieldError("publishedAt")}</div> : null}
      <label htmlFor="imp-author">Author</label>
      <input id="imp-author" name="author" />
      <p>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Importing…" : "Import and find claims"}
        </button>
      </p>
    </form>
  );
}
