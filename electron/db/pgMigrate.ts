// Replaced by the PostgreSQL schema's migration runner.
export async function migratePg(_pool: unknown): Promise<void> {}
