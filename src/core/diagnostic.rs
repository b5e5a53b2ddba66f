//! The one `Diagnostic` type: what the editor marks, the problem list shows,
//! `validate` prints and API errors are mapped into.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The stable codes of SPEC §2. They are part of the interface: never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    JsonSyntax,
    Type,
    UnknownField,
    Required,
    Enum,
    Length,
    Range,
    Pattern,
    Duplicate,
    TooMany,
    TemplateVariable,
    Order,
    Conflict,
    ReadOnly,
    NoEffect,
    Weak,
    Strategy,
    Deprecated,
    /// An auth0-deploy-cli keyword placeholder no mapping resolves (info).
    Placeholder,
}

impl Code {
    pub const ALL: [Code; 19] = [
        Code::JsonSyntax,
        Code::Type,
        Code::UnknownField,
        Code::Required,
        Code::Enum,
        Code::Length,
        Code::Range,
        Code::Pattern,
        Code::Duplicate,
        Code::TooMany,
        Code::TemplateVariable,
        Code::Order,
        Code::Conflict,
        Code::ReadOnly,
        Code::NoEffect,
        Code::Weak,
        Code::Strategy,
        Code::Deprecated,
        Code::Placeholder,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::JsonSyntax => "json.syntax",
            Code::Type => "type",
            Code::UnknownField => "unknown_field",
            Code::Required => "required",
            Code::Enum => "enum",
            Code::Length => "length",
            Code::Range => "range",
            Code::Pattern => "pattern",
            Code::Duplicate => "duplicate",
            Code::TooMany => "too_many",
            Code::TemplateVariable => "template.variable",
            Code::Order => "order",
            Code::Conflict => "conflict",
            Code::ReadOnly => "read_only",
            Code::NoEffect => "no_effect",
            Code::Weak => "weak",
            Code::Strategy => "strategy",
            Code::Deprecated => "deprecated",
            Code::Placeholder => "placeholder",
        }
    }
}

impl Code {
    /// What the code means: SARIF's rule descriptions and the README's table.
    pub fn help(self) -> &'static str {
        match self {
            Code::JsonSyntax => "the file is not JSON",
            Code::Type => "wrong JSON type",
            Code::UnknownField => {
                "a key the object does not allow (every profile object is closed)"
            }
            Code::Required => "a required key is missing",
            Code::Enum => "value outside the allowed set (with \"did you mean\")",
            Code::Length => "string too short or too long (counted in characters)",
            Code::Range => "number out of range, or not a whole number",
            Code::Pattern => "string breaks the allowed characters or shape",
            Code::Duplicate => "repeated item or repeated key",
            Code::TooMany => "array longer than allowed",
            Code::TemplateVariable => {
                "`{…}` other than `{org_id}`/`{org_name}`, or an unclosed `{`"
            }
            Code::Order => "a lower bound above its upper bound",
            Code::Conflict => "two keys the API refuses together",
            Code::ReadOnly => "a read-only field (info in a file)",
            Code::NoEffect => "settings that do nothing as written",
            Code::Weak => {
                "allowed, but below common guidance (NIST 8 characters, bcrypt's 72 bytes)"
            }
            Code::Strategy => "an option that does not apply to this connection's strategy",
            Code::Deprecated => "a deprecated option",
            Code::Placeholder => {
                "an auth0-deploy-cli keyword placeholder no mapping resolves (info)"
            }
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Whether a diagnostic is about a member's key (an unknown or repeated key)
/// or about the value at its path. Decides which place line/column name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Anchor {
    #[default]
    Value,
    Key,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    /// RFC 6901 JSON Pointer into the document (`""` is the whole document).
    pub path: String,
    pub message: String,
    /// 1-based line of the place in the source text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column, counted in characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    #[serde(skip)]
    pub anchor: Anchor,
}

impl Diagnostic {
    pub fn new(
        severity: Severity,
        code: Code,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            path: path.into(),
            message: message.into(),
            line: None,
            column: None,
            anchor: Anchor::Value,
        }
    }

    pub fn error(code: Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, path, message)
    }

    pub fn warning(code: Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, path, message)
    }

    pub fn info(code: Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, path, message)
    }

    pub fn at_key(mut self) -> Self {
        self.anchor = Anchor::Key;
        self
    }

    /// The path as people read it: `(document)` for the root.
    pub fn display_path(&self) -> &str {
        if self.path.is_empty() {
            "(document)"
        } else {
            &self.path
        }
    }
}

/// Counts of a diagnostic list, for status bars and summaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Tally {
    pub fn of(diags: &[Diagnostic]) -> Self {
        let mut t = Tally::default();
        for d in diags {
            match d.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Info => t.infos += 1,
            }
        }
        t
    }
}
