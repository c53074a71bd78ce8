//! The collection: documents linked to each other (citations and repeals
//! resolved, cited-by, repealed-by — [`link`]) and the legal status of each
//! on any date ([`status_on`]).
//!
//! Architecture invariant: anything that needs more than one document is
//! computed here, from the per-document facts; the extractors below never
//! see another document.

mod link;
mod resolve;
mod status;

pub use link::{link, resolve_for, status, Linked};
pub use resolve::{
    candidate_keys, reference_keys, resolve, resolve_repeals, resolve_repeals_with, Resolver,
};
pub use status::{effective_from, status_on};
