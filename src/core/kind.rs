//! Which kind of document: a connection profile or a connection, and for a
//! connection which strategy. A leaf: the rules, the document model and the
//! editor all name them, none through another.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Profile,
    Connection,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Profile => "profile",
            Kind::Connection => "connection",
        }
    }
}

/// What is known of a connection's strategy. A `Kind::Connection` document
/// has one ([`crate::core::Document::strategy`]); "connection" alone never
/// means "database connection".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Strategy<'a> {
    /// `auth0`, or a body whose place or keys show it is one.
    Database,
    /// Any other strategy, by name.
    Other(&'a str),
    /// A body without `strategy` (a PATCH body): the shared rules only.
    Unknown,
}

impl Strategy<'_> {
    /// "an okta connection", never "a database connection" for another.
    pub fn describe(&self) -> String {
        match self {
            Strategy::Database => "a database connection".into(),
            Strategy::Other(s) => format!(
                "a connection of strategy \"{}\"",
                crate::core::scrub::one_line(&s.chars().take(60).collect::<String>())
            ),
            Strategy::Unknown => "this connection".into(),
        }
    }

    /// The strategy's name (`auth0` for a database connection); `None`
    /// for a body that does not say.
    pub fn name(&self) -> Option<&str> {
        match self {
            Strategy::Database => Some("auth0"),
            Strategy::Other(s) => Some(s),
            Strategy::Unknown => None,
        }
    }

    pub fn is_database(&self) -> bool {
        *self == Strategy::Database
    }
}
