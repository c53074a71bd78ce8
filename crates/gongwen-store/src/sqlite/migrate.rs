//! Versioned migrations: `PRAGMA user_version` holds the schema version;
//! each migration is a SQL file of `migrations/`, applied in order in one
//! transaction. Versions 1 and 2 (one row per document, the parse as
//! JSON) predate the relational schema: their files are read out, the old
//! tables dropped, and the files ingested again by the caller.

use rusqlite::{Connection, TransactionBehavior};

use crate::StoreError;

/// The schema this program reads and writes.
pub const SCHEMA_VERSION: i64 = 3;

/// (version, SQL) in order: applying them all to an empty database gives
/// the current schema.
const MIGRATIONS: &[(i64, &str)] = &[(3, include_str!("../../migrations/0003_relational.sql"))];

/// A stored file of an earlier schema: (name, path, raw bytes).
pub(super) type OldFile = (String, String, Vec<u8>);

/// Bring the database to [`SCHEMA_VERSION`]. `Some(files)` when the store
/// was of a pre-relational schema: those files must be ingested again.
pub(super) fn migrate(conn: &mut Connection) -> Result<Option<Vec<OldFile>>, StoreError> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found == SCHEMA_VERSION {
        return Ok(None);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another process may have migrated while this one waited.
    let found: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::Schema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    let mut old = None;
    if (1..3).contains(&found) {
        let files: Vec<OldFile> = {
            let mut st = tx.prepare("SELECT name, path, bytes FROM files ORDER BY name")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            rows.collect::<Result<_, _>>()?
        };
        tx.execute_batch("DROP TABLE IF EXISTS documents; DROP TABLE IF EXISTS files;")?;
        old = Some(files);
    }
    for (version, sql) in MIGRATIONS {
        if *version > found {
            tx.execute_batch(sql)?;
        }
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(old)
}
