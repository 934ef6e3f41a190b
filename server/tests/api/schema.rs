//! The two dialects' migrations build the same schema: every table and column SQLite has,
//! PostgreSQL has, and no more (but the one documented difference). Runs where
//! `PORTAL_TEST_PG` names a PostgreSQL server; the SQLite-only pass has nothing to compare.

use std::collections::BTreeSet;

use sqlx::Row;

#[tokio::test]
async fn sqlite_and_postgres_migrations_make_the_same_tables_and_columns() {
    let Some(pg_url) = crate::helpers::fresh_pg_database().await else {
        eprintln!("no PORTAL_TEST_PG: compared in the PostgreSQL pass");
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let sqlite = server::store::open(None, data.path()).await.unwrap();
    let pg = server::store::open(Some(&pg_url), data.path()).await.unwrap();
    let rows = sqlx::query(
        "SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'
           AND m.name NOT LIKE 'articles_fts_%'",
    )
    .fetch_all(&sqlite)
    .await
    .unwrap();
    let lite: BTreeSet<(String, String)> = rows.iter().map(|r| (r.get("t"), r.get("c"))).collect();
    let rows = sqlx::query(
        "SELECT CAST(table_name AS TEXT) AS t, CAST(column_name AS TEXT) AS c FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(&pg)
    .await
    .unwrap();
    let mut postgres: BTreeSet<(String, String)> = rows.iter().map(|r| (r.get("t"), r.get("c"))).collect();
    // SQLite's implicit rowid orders events of one second; PostgreSQL spells it out.
    assert!(postgres.remove(&("prescription_events".into(), "rowid".into())));
    assert!(lite.len() > 100, "the whole schema was read: {}", lite.len());
    let only_sqlite: Vec<_> = lite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&lite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "SQLite only: {only_sqlite:?}; PostgreSQL only: {only_postgres:?}"
    );
}
