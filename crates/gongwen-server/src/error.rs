//! Errors: [`ServerError`] for starting the server, [`ApiError`] for one
//! request. Every API error has the body `{"error": {"code", "message"}}`;
//! web pages show the same code and message as an HTML page (see
//! `web::html_errors`).

use std::net::SocketAddr;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("cannot open the store: {0}")]
    Store(#[from] gongwen_store::StoreError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot load the store: {0}")]
    Load(String),
    #[error("search index: {0}")]
    Search(String),
}

/// The error body of every API error.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong: a stable snake_case `code` and a message for people.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable identifier: `invalid_parameter`, `invalid_date`,
    /// `query_too_long`, `limit_too_large`, `invalid_range`, `not_found`,
    /// `method_not_allowed`, `uri_too_long`, `search_unavailable`,
    /// `internal`.
    #[schema(example = "not_found")]
    pub code: String,
    pub message: String,
}

/// An error answering one request.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn no_document(id: &str) -> Self {
        Self::not_found(format!("没有编号为 {id} 的文件"))
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }
}

impl From<gongwen_store::StoreError> for ApiError {
    fn from(e: gongwen_store::StoreError) -> Self {
        ApiError::internal(format!("store: {e}"))
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            eprintln!("gongwen-server: {self}");
        }
        let detail = ErrorDetail {
            code: self.code.to_string(),
            message: self.message.clone(),
        };
        let mut resp = (
            self.status,
            Json(ErrorBody {
                error: detail.clone(),
            }),
        )
            .into_response();
        // Web pages re-render the error as HTML (see `web::html_errors`).
        resp.extensions_mut().insert(detail);
        resp
    }
}
