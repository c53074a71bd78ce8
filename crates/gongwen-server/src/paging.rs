//! Pages of a list: every list of the API and the web pages (documents,
//! status, tasks, targets, lint findings, search hits) is cut with
//! `offset` and `limit` within these bounds. [`PageQuery`] is the one
//! query struct of the list endpoints; `search` and the web pages fill in
//! the default too.

use gongwen_store::Paging;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::error::ApiError;

/// Largest page.
pub const MAX_LIMIT: usize = 100;
/// Page size when `limit` is not given.
pub const DEFAULT_LIMIT: usize = 20;
/// Largest `offset` of a list (the OpenAPI `maximum` of every `offset`
/// parameter says the same: larger is a 400, not a 200 or an overflow).
pub const MAX_OFFSET: usize = 1_000_000_000;

/// `offset` and `limit` of every list endpoint (documents, status, tasks,
/// targets, lint), read next to the endpoint's own filters.
#[derive(Debug, Default, Clone, Copy, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Items to skip (at most 1000000000).
    #[param(minimum = 0, maximum = 1_000_000_000)]
    pub offset: Option<usize>,
    /// Page size, at most 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<usize>,
}

impl PageQuery {
    /// The page asked for, with defaults; see [`page`].
    pub fn paging(&self) -> Result<Paging, ApiError> {
        page(self.offset, self.limit).map(|(o, l)| Paging::new(o, l))
    }
}

/// `(offset, limit)` with defaults; 400 when `limit` is 0 or too large, or
/// `offset` above [`MAX_OFFSET`].
pub fn page(offset: Option<usize>, limit: Option<usize>) -> Result<(usize, usize), ApiError> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if limit > MAX_LIMIT {
        return Err(ApiError::bad_request(
            "limit_too_large",
            format!("limit 最大为 {MAX_LIMIT}（收到 {limit}）"),
        ));
    }
    if limit == 0 {
        return Err(ApiError::bad_request(
            "invalid_parameter",
            "limit 须为 1 到 100",
        ));
    }
    let offset = offset.unwrap_or(0);
    if offset > MAX_OFFSET {
        return Err(ApiError::bad_request(
            "invalid_parameter",
            format!("offset 最大为 {MAX_OFFSET}（收到 {offset}）"),
        ));
    }
    Ok((offset, limit))
}
