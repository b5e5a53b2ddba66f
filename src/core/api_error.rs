//! Auth0's 400 answers mapped back to the field they are about, as
//! diagnostics like the local ones.

use crate::core::diagnostic::{Code, Diagnostic};

/// Diagnostics for an API error message. Property paths are relative to the
/// request body, which is the document itself for a profile and
/// `{"options": …}` for a connection, so they are document pointers too.
pub fn diagnostics_for(message: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // "Payload validation error: 'String is too long (51 chars), maximum 50' on property name (The name …)."
    // The quoted part may itself hold quotes and brackets ("Additional
    // properties are not allowed ('x' was unexpected)"): each error runs to
    // the next one, and its text ends at the last quote before " on
    // property", else at its last quote.
    const HEAD: &str = "Payload validation error: '";
    let starts: Vec<usize> = message.match_indices(HEAD).map(|(i, _)| i).collect();
    for (n, &start) in starts.iter().enumerate() {
        let end_of_segment = starts.get(n + 1).copied().unwrap_or(message.len());
        let segment = &message[start + HEAD.len()..end_of_segment];
        let (what, tail) = match segment.rfind("' on property ") {
            Some(q) => (&segment[..q], &segment[q + 1..]),
            None => match segment.rfind('\'') {
                Some(q) => (&segment[..q], &segment[q + 1..]),
                None => (segment.trim_end_matches(['.', ' ', ';']), ""),
            },
        };
        let property = tail
            .strip_prefix(" on property ")
            .map(|t| {
                t.split([' ', ',', '(', ';'])
                    .next()
                    .unwrap_or("")
                    .trim_end_matches('.')
            })
            .unwrap_or("");
        // The property stays in the words too: the message is Auth0's.
        let message = if property.is_empty() {
            format!("Auth0: {what}")
        } else {
            format!("Auth0: {what} (on property {property})")
        };
        // A key Auth0 names as unexpected is the place, below the property.
        let mut path = property_pointer(property);
        if let Some(key) = unexpected_key(what) {
            path = format!("{path}/{}", key.replace('~', "~0").replace('/', "~1"));
        }
        out.push(Diagnostic::error(code_for(what), path, message));
    }
    if !out.is_empty() {
        return out;
    }
    // Messages of the cross-field rules (SPEC §1.2).
    if let Some(i) = message.find("Cannot set both options.") {
        let other = message[i + "Cannot set both options.".len()..]
            .split(" and options.")
            .nth(1)
            .unwrap_or("")
            .trim_end_matches('.');
        let path = if other.is_empty() {
            "/options".to_string()
        } else {
            property_pointer(&format!("options.{other}"))
        };
        return vec![Diagnostic::error(
            Code::Conflict,
            path,
            format!("Auth0: {message}"),
        )];
    }
    if message.contains("must contain one active identifier") {
        return vec![Diagnostic::error(
            Code::Required,
            "/options/attributes",
            format!("Auth0: {message}"),
        )];
    }
    if let Some(rest) = message.strip_prefix("attribute ")
        && let Some(name) = rest.split(' ').next()
        && message.contains("required on signup")
    {
        return vec![Diagnostic::error(
            Code::Conflict,
            format!("/options/attributes/{name}/signup/status"),
            format!("Auth0: {message}"),
        )];
    }
    vec![Diagnostic::error(
        Code::Type,
        "",
        format!("Auth0: {message}"),
    )]
}

/// The key an "additional properties" message names:
/// `Additional properties not allowed: enabled_clients`,
/// `Additional properties are not allowed ('x' was unexpected)`.
fn unexpected_key(what: &str) -> Option<&str> {
    if let Some(i) = what.find("' was unexpected") {
        let before = &what[..i];
        let start = before.rfind('\'')? + 1;
        return Some(&before[start..]).filter(|k| !k.is_empty());
    }
    let rest = what.split_once("Additional properties not allowed: ")?.1;
    let key = rest.split([',', ' ', ';']).next()?.trim_end_matches('.');
    (!key.is_empty()).then_some(key)
}

/// `organization.show_as_button` → `/organization/show_as_button`.
fn property_pointer(property: &str) -> String {
    if property.is_empty() {
        return String::new();
    }
    property
        .split('.')
        .map(|p| format!("/{}", p.replace('~', "~0").replace('/', "~1")))
        .collect()
}

fn code_for(what: &str) -> Code {
    let w = what.to_lowercase();
    if w.contains("string is too") {
        Code::Length
    } else if w.contains("array is too long") {
        Code::TooMany
    } else if w.contains("not unique") {
        Code::Duplicate
    } else if w.contains("expected type") {
        Code::Type
    } else if w.contains("no enum match") || w.contains("must be one of") {
        Code::Enum
    } else if w.contains("additional properties") {
        Code::UnknownField
    } else if w.contains("missing required") {
        Code::Required
    } else if w.contains("maximum") || w.contains("minimum") || w.contains("multiple of") {
        Code::Range
    } else if w.contains("pattern") {
        Code::Pattern
    } else {
        Code::Type
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_validation_errors_land_on_the_field() {
        let d = diagnostics_for(
            "Payload validation error: 'String is too long (51 chars), maximum 50' on property name (The name of the connection profile).",
        );
        assert_eq!((d[0].code, d[0].path.as_str()), (Code::Length, "/name"));
        let d = diagnostics_for(
            "Payload validation error: 'No enum match for: \"optinal\"' on property organization.show_as_button (x).",
        );
        assert_eq!(
            (d[0].code, d[0].path.as_str()),
            (Code::Enum, "/organization/show_as_button")
        );
        assert!(d[0].message.starts_with("Auth0: "));
    }

    /// Issue 30: a message with its own quotes and brackets is kept whole,
    /// and the key it names as unexpected is the place.
    #[test]
    fn an_unexpected_key_is_kept_whole_and_is_the_place() {
        let d = diagnostics_for(
            "Payload validation error: 'Additional properties are not allowed ('cross_app_access_resource_app' was unexpected)'.",
        );
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].message,
            "Auth0: Additional properties are not allowed ('cross_app_access_resource_app' was unexpected)"
        );
        assert_eq!(
            (d[0].code, d[0].path.as_str()),
            (Code::UnknownField, "/cross_app_access_resource_app")
        );
        let d = diagnostics_for(
            "Payload validation error: 'Additional properties not allowed: enabled_clients'.",
        );
        assert_eq!(d[0].path, "/enabled_clients");
        let d = diagnostics_for(
            "Payload validation error: 'Additional properties are not allowed ('foo' was unexpected)' on property options.validation (x). Payload validation error: 'Expected type boolean but found type string' on property options.mfa.active.",
        );
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].path, "/options/validation/foo");
        assert_eq!(d[1].path, "/options/mfa/active");
        assert_eq!(d[1].code, Code::Type);
    }

    #[test]
    fn cross_field_messages_are_mapped() {
        let d = diagnostics_for("Cannot set both options.attributes and options.validation");
        assert_eq!(
            (d[0].code, d[0].path.as_str()),
            (Code::Conflict, "/options/validation")
        );
        let d = diagnostics_for("attribute phone_number must also be required on signup");
        assert_eq!(d[0].path, "/options/attributes/phone_number/signup/status");
        let d = diagnostics_for("something new");
        assert_eq!(d[0].path, "");
    }
}
