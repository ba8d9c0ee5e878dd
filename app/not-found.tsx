import Link from "next/link";

export default function NotFound() {
  return (
    <main className="page">
      <h1>Not found</h1>
      <p>This page or document does not exist, or it belongs to another team.</p>
      <p>
        <Link href="/documents">Back to your documents</Link>
      </p>
    </main>
  );
}
