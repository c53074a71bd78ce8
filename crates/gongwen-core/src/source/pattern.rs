//! The one way a constant pattern of the grammar becomes a [`Regex`].
//!
//! The patterns are constants written in this crate (or built from its
//! tables), never input: a pattern that does not compile is a bug, so it
//! panics with the pattern in the message rather than quietly disabling a
//! feature. Every lazily compiled pattern is forced by a unit test of its
//! module ([`force_patterns`]), and `tests/patterns.rs` checks that none is
//! left out.

use regex::Regex;

/// Compile the constant `pattern`; panics (naming it) if it is invalid.
pub(crate) fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("constant pattern {pattern}: {e}"))
}

/// A unit test named `patterns_compile` that forces each of the lazily
/// compiled patterns given: `force_patterns!(DATE_RE, WHOLE);` in a module's
/// tests.
#[cfg(test)]
macro_rules! force_patterns {
    ($($pattern:ident),+ $(,)?) => {
        #[test]
        fn patterns_compile() {
            $(std::sync::LazyLock::force(&$pattern);)+
        }
    };
}
#[cfg(test)]
pub(crate) use force_patterns;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_a_constant() {
        assert!(regex("^附件[0-9]*$").is_match("附件2"));
    }

    #[test]
    #[should_panic(expected = "constant pattern ([")]
    fn an_invalid_pattern_names_itself() {
        regex("([");
    }
}
