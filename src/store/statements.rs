//! The SQL the first frame reads, as text and parameters: the benchmark runs it on a bare
//! connection, to tell SQLite's own cost from unibox's.

use rusqlite::types::Value;

use super::accounts::ACCOUNT_OVERVIEW_SQL;
use super::{ChatFilter, Db, StoreError};

#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub sql: String,
    pub params: Vec<Value>,
}

impl Db {
    /// What the first frame reads, in order: the accounts pane, then the chat list's count and
    /// its first `rows` rows for `filter`.
    pub fn first_frame_statements(
        &self,
        filter: &ChatFilter,
        rows: u32,
    ) -> Result<Vec<Statement>, StoreError> {
        let mut statements = vec![Statement {
            sql: ACCOUNT_OVERVIEW_SQL.to_owned(),
            params: Vec::new(),
        }];
        statements.extend(self.chat_window_statements(filter, 0, rows)?);
        Ok(statements)
    }
}
