// Times as UTC text, identical on the server and in the browser (no hydration mismatch, and the
// audit log's date filters are UTC days too). The full ISO time is in the tooltip and dateTime.
export function utcText(iso: string, withSeconds = false): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, withSeconds ? 19 : 16)} UTC`;
}

export function UtcTime({ iso, withSeconds = false }: { iso: string; withSeconds?: boolean }) {
  return (
    <time dateTime={iso} title={iso}>
      {utcText(iso, withSeconds)}
    </time>
  );
}
