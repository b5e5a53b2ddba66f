//! The one filter for text that came from outside (a server's message, an
//! `error_description`, a document's values) before a person sees it: known
//! secrets, bearer tokens, `Authorization` values, private keys and URL
//! userinfo are removed, and terminal control characters (ESC and whole
//! CSI/OSC sequences, C0 but newline, DEL, C1) are dropped so a hostile
//! server or file cannot move the cursor, retitle the terminal or hide text.

/// What a removed secret is shown as.
pub const REMOVED: &str = "***";

/// `text` with every secret in `secrets` (and every token-looking value)
/// removed, and no terminal control characters. Secrets shorter than four
/// characters are not searched for (they would blank ordinary words).
pub fn scrub(text: &str, secrets: &[&str]) -> String {
    // Controls first: a BEL inside a token must not split it from redaction.
    let mut s = strip_private_keys(&strip_controls(text));
    for secret in secrets.iter().filter(|s| s.trim().len() >= 4) {
        s = s.replace(secret.trim(), REMOVED);
    }
    s = redact_after(&s, "bearer ");
    s = redact_after(&s, "authorization: ");
    s = redact_after(&s, "authorization=");
    for key in [
        "authorization",
        "client_secret",
        "access_token",
        "id_token",
        "refresh_token",
        "client_assertion",
        "password",
    ] {
        s = redact_json_member(&s, key);
        s = redact_after(&s, &format!("{key}="));
    }
    redact_userinfo(&s)
}

/// [`strip_controls`] for a one-line report (a `validate` line, a diff
/// line): line breaks a key or value holds are shown as `\n`, so a file
/// cannot forge lines (a CI system's `::error` commands among them).
pub fn one_line(text: &str) -> String {
    // Most lines hold no control character at all: one copy, no rewrite.
    if !any_needs_care(text) {
        return text.to_string();
    }
    strip_controls(&text.replace("\r\n", "\\n").replace(['\n', '\r'], "\\n"))
}

/// Drops terminal control characters: ESC with the CSI (`ESC [ … final`) or
/// OSC (`ESC ] … BEL|ST`) sequence it starts, C0 but `\n` (`\t` becomes a
/// space), DEL and C1.
pub fn strip_controls(text: &str) -> String {
    if !any_needs_care(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\t' => out.push(' '),
            '\u{1b}' => match chars.peek() {
                Some('[') => {
                    chars.next();
                    // Parameters and intermediates, then one final byte.
                    for c in chars.by_ref() {
                        if ('\u{40}'..='\u{7e}').contains(&c) {
                            break;
                        }
                    }
                }
                Some(']') | Some('P') | Some('_') | Some('^') => {
                    chars.next();
                    // Until BEL or ST (ESC \).
                    while let Some(c) = chars.next() {
                        if c == '\u{7}' || c == '\u{9c}' {
                            break;
                        }
                        if c == '\u{1b}' && chars.peek() == Some(&'\\') {
                            chars.next();
                            break;
                        }
                    }
                }
                Some(_) => {
                    chars.next();
                }
                None => {}
            },
            // C1 CSI/OSC introducers start sequences as ESC [ / ESC ] do.
            '\u{9b}' => {
                for c in chars.by_ref() {
                    if ('\u{40}'..='\u{7e}').contains(&c) {
                        break;
                    }
                }
            }
            '\u{9d}' => {
                for c in chars.by_ref() {
                    if c == '\u{7}' || c == '\u{9c}' {
                        break;
                    }
                }
            }
            c if c.is_control() => {}
            // Shown, not obeyed: a line or paragraph separator would break
            // the line where the terminal likes, a bidi control would reorder
            // what follows, a zero-width one would hide itself.
            c if invisible(c) => out.push_str(&format!("\\u{{{:04x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Characters that are not what a reader sees: the line and paragraph
/// separators, bidi embeddings, overrides, isolates and marks, and the
/// zero-width ones that are no joiner (ZWJ and ZWNJ build emoji sequences and
/// Indic and Persian words, and are left as they are). Written `\u{2028}`.
pub fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061c}'
            | '\u{180e}'
            | '\u{200b}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
    )
}

/// Whether a character is dropped or rewritten by [`strip_controls`].
pub fn needs_care(c: char) -> bool {
    c.is_control() || invisible(c)
}

/// Whether any character of `text` [`needs_care`]. Printable ASCII never
/// does (the controls there are below space and DEL, the invisible
/// characters are all beyond ASCII), so most text is judged a byte at a
/// time and only text with other bytes character by character.
pub fn any_needs_care(text: &str) -> bool {
    if text.bytes().all(|b| (b' '..b'\x7f').contains(&b)) {
        return false;
    }
    text.chars().any(needs_care)
}

fn strip_private_keys(text: &str) -> String {
    let mut s = text.to_string();
    while let Some(start) = s.find("-----BEGIN ") {
        let header_end = s[start + 11..].find("-----").map(|i| start + 11 + i + 5);
        let Some(header_end) = header_end else { break };
        if !s[start..header_end].contains("PRIVATE KEY") {
            // A certificate or public key is not a secret; look further on.
            let (head, tail) = s.split_at(header_end);
            return format!("{head}{}", strip_private_keys(tail));
        }
        let end = s[header_end..]
            .find("-----END ")
            .and_then(|i| {
                let from = header_end + i + 9;
                s[from..].find("-----").map(|j| from + j + 5)
            })
            .unwrap_or(s.len());
        s.replace_range(start..end, "[private key removed]");
    }
    s
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~+/=:%".contains(c)
}

/// Replaces the token after each (case-insensitive) `marker` with `***`.
fn redact_after(text: &str, marker: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(i) = lower[at..].find(marker) {
        let start = at + i + marker.len();
        out.push_str(&text[at..start]);
        let rest = &text[start..];
        // "Authorization: Bearer x" / "Basic x": keep the scheme, remove the credential.
        let lower_rest = rest.to_ascii_lowercase();
        if marker.starts_with("authorization")
            && let Some(scheme) = ["bearer ", "basic ", "digest "]
                .iter()
                .find(|s| lower_rest.starts_with(**s))
        {
            out.push_str(&rest[..scheme.len()]);
            let cred = &rest[scheme.len()..];
            let len = cred
                .char_indices()
                .find(|(_, c)| !is_token_char(*c))
                .map_or(cred.len(), |(j, _)| j);
            out.push_str(REMOVED);
            at = start + scheme.len() + len;
            continue;
        }
        let len = rest
            .char_indices()
            .find(|(_, c)| !is_token_char(*c))
            .map_or(rest.len(), |(j, _)| j);
        // "the bearer token is invalid": a word, not a token (tokens are long).
        if marker == "bearer " && len < 16 {
            out.push_str(&rest[..len]);
        } else if len > 0 {
            out.push_str(REMOVED);
        }
        at = start + len;
    }
    out.push_str(&text[at..]);
    out
}

/// Every `"key": "value"` of `keys` in `text` (JSON or not) with its value
/// removed, and private keys cut out: for text that cannot be parsed.
pub fn redact_members(text: &str, keys: &[&str]) -> String {
    let mut s = strip_private_keys(text);
    for k in keys {
        s = redact_json_member(&s, &k.to_ascii_lowercase());
    }
    s
}

/// `"key": "value"` (any case, escaped quotes inside kept) → `"key": "***"`.
fn redact_json_member(text: &str, key: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let needle = format!("\"{key}\"");
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(i) = lower[at..].find(&needle) {
        let after_key = at + i + needle.len();
        let rest = &text[after_key..];
        let colon = rest.trim_start();
        if !colon.starts_with(':') {
            out.push_str(&text[at..after_key]);
            at = after_key;
            continue;
        }
        let value_start = after_key + (rest.len() - colon.len()) + 1;
        let v = &text[value_start..];
        let v_trim = v.trim_start();
        let quote_at = value_start + (v.len() - v_trim.len());
        if !v_trim.starts_with('"') {
            out.push_str(&text[at..value_start]);
            at = value_start;
            continue;
        }
        // Find the closing quote, honouring backslash escapes.
        let body = &text[quote_at + 1..];
        let mut end = body.len();
        let mut escaped = false;
        for (j, c) in body.char_indices() {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                end = j;
                break;
            }
        }
        out.push_str(&text[at..=quote_at]);
        out.push_str(REMOVED);
        at = (quote_at + 1 + end).min(text.len());
    }
    out.push_str(&text[at..]);
    out
}

/// `https://user:pass@host` → `https://***@host`.
fn redact_userinfo(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(i) = text[at..].find("://") {
        let start = at + i + 3;
        out.push_str(&text[at..start]);
        let rest = &text[start..];
        let authority_end = rest
            .find(|c: char| c == '/' || c == '?' || c == '#' || c.is_whitespace() || c == '"')
            .unwrap_or(rest.len());
        match rest[..authority_end].rfind('@') {
            Some(a) => {
                out.push_str(REMOVED);
                at = start + a;
            }
            None => at = start,
        }
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ascii_shortcut_judges_as_each_character_does() {
        // Every ASCII byte, C1, the invisible ones and ordinary letters
        // beyond ASCII, alone and inside plain text.
        let mut cases: Vec<String> = (0u8..0x80).map(|b| (b as char).to_string()).collect();
        cases.extend(
            [
                '\u{85}', '\u{9b}', '\u{200b}', '\u{202e}', '\u{feff}', 'é', '日', '🙂',
            ]
            .map(String::from),
        );
        for c in cases {
            for text in [c.clone(), format!("a/b: \"{c}\" x"), format!("{c}é")] {
                assert_eq!(
                    any_needs_care(&text),
                    text.chars().any(needs_care),
                    "{text:?}"
                );
            }
        }
        assert!(!any_needs_care(""));
    }

    #[test]
    fn known_secrets_and_token_shapes_are_removed() {
        let s = scrub(
            "bad request for client s3cr3t-XYZ: Authorization: Bearer eyJhbGc.iOi.J9 body {\"client_secret\": \"s\\\"x\", \"a\": 1}",
            &["s3cr3t-XYZ"],
        );
        assert!(!s.contains("s3cr3t-XYZ"), "{s}");
        assert!(!s.contains("eyJhbGc"), "{s}");
        assert!(!s.contains("s\\\"x"), "{s}");
        assert!(s.contains("\"a\": 1"), "{s}");
        assert!(s.contains("Bearer ***"), "{s}");
    }

    #[test]
    fn form_bodies_keys_and_userinfo() {
        let s = scrub(
            "grant_type=client_credentials&client_secret=abc%2Fdef&client_id=x at https://ops:hunter2@t.auth0.com/x\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nMIIC",
            &[],
        );
        assert!(!s.contains("abc%2Fdef"), "{s}");
        assert!(s.contains("client_id=x"), "{s}");
        assert!(!s.contains("hunter2"), "{s}");
        assert!(s.contains("https://***@t.auth0.com/x"), "{s}");
        assert!(!s.contains("MIIE"), "{s}");
        assert!(s.contains("[private key removed]"), "{s}");
        assert!(s.contains("BEGIN CERTIFICATE"), "{s}");
    }

    #[test]
    fn terminal_controls_are_dropped_whole() {
        let s = strip_controls(
            "a\u{1b}[2J\u{1b}]0;pwned\u{7}b\u{9b}31mc\r\u{7f}d\te\nf\u{1b}]8;;x\u{1b}\\g",
        );
        assert_eq!(s, "abcd e\nfg");
    }

    #[test]
    fn the_review_cases() {
        // A BEL inside a token does not save it; Basic credentials go; %-escapes go.
        let s = scrub(
            "Authorization: Bearer\u{7} eyJhbGciOiJSUzI1NiJ9.payload",
            &[],
        );
        assert!(!s.contains("eyJ"), "{s}");
        let s = scrub("Authorization: Basic QkFTSUNDUkVE", &[]);
        assert!(!s.contains("QkFT"), "{s}");
        assert!(s.contains("Basic ***"), "{s}");
        let s = scrub("client_secret=abc%2Fdef&x=1", &[]);
        assert!(!s.contains("2Fdef"), "{s}");
        assert_eq!(
            scrub("The bearer token is invalid", &[]),
            "The bearer token is invalid"
        );
        assert_eq!(one_line("a\n::error::forged"), "a\\n::error::forged");
    }

    #[test]
    fn short_secrets_and_ordinary_text_are_left() {
        assert_eq!(scrub("the name is abc", &["abc"]), "the name is abc");
        assert_eq!(
            scrub("String is too long on property name", &[]),
            "String is too long on property name"
        );
    }
}
