// Quoting for the few statements built as text (per-schema UNION ALL batches, migrations).
export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;
