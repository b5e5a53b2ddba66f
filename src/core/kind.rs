//! Which kind of document: a connection profile or a connection. A leaf:
//! the rules and the document model both name it, neither through the other.

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
