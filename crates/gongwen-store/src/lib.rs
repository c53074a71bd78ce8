//! Store (stub)
