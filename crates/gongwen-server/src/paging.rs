//! Pages of a list: every list of the API and the web pages (documents,
//! tasks, targets, lint findings, search hits) is cut with `offset` and
//! `limit` within these bounds. `api` checks the parameters against them
//! (`api::page`), `search` and the web pages fill in the default.

/// Largest page.
pub const MAX_LIMIT: usize = 100;
/// Page size when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 20;
/// Largest `offset` of a list (the OpenAPI `maximum` of every `offset`
/// parameter says the same: larger is a 400, not a 200 or an overflow).
pub const MAX_OFFSET: usize = 1_000_000_000;
