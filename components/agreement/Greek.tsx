/** A Greek letter in a heading set in capitals (`.doc-table th`): κ and α must not read as K and A. */
export function Greek({ children }: { children: string }) {
  return <span className="ag-greek">{children}</span>;
}
