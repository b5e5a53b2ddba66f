//! Auth0's 400 answers mapped back to the field they are about, as
//! diagnostics like the local ones.

use crate::core::diagnostic::{Code, Diagnostic};

/// Diagnostics for an API error message. Property paths are relative to the
/// request body, which is the document itself for a profile and
/// `{"options": …}` for a connection, so they are document pointers too.
pub fn diagnostics_for(message: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // "Payload validation error: 'String is too long (51 chars), maximum 50' on property name (The name …)."
    let mut rest = message;
    while let Some(start) = rest.find("Payload validation error: '") {
        let after = &rest[start + "Payload validation error: '".len()..];
        let Some(end) = after.find('\'') else { break };
        let what = &after[..end];
        let tail = &after[end + 1..];
        let property = tail
            .strip_prefix(" on property ")
            .map(|t| {
                t.split([' ', ',', '('])
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
        out.push(Diagnostic::error(
            code_for(what),
            property_pointer(property),
            message,
        ));
        rest = tail;
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
