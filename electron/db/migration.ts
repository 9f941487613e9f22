export interface Migration {
  version: number;
  name: string;
  /** SQL run inside the migration's transaction. */
  up: string;
  /**
   * The same change for PostgreSQL, run inside its own transaction by electron/db/pgMigrate.ts.
   * Required of every migration after the PostgreSQL baseline (electron/db/migrations/pg/baseline.ts);
   * the migrations before it never run on PostgreSQL, the baseline stands for them.
   */
  pg?: string;
}

/** Why a database made by a newer version of the app is not opened: the same words on both engines. */
export function newerSchemaMessage(current: number, latest: number): string {
  return `数据库版本为 ${current}，高于本程序支持的版本 ${latest}：它由更新版本的程序创建。请升级本程序后再打开，不要用旧版本修改它。`;
}
