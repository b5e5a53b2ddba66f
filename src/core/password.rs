//! Trying a password against the policy being edited, rule by rule, the way
//! SPEC §1.2 describes Auth0's levels and the flexible `password_options`.
//! Pure: the password is an argument, never stored.
//!
//! Long (about 660 lines): one check per rule of both password policies, the
//! strength estimate, and their tests.

use crate::core::{common_passwords, policy};
use serde_json::{Map, Value};

/// bcrypt reads at most this many bytes.
pub const MAX_BYTES: usize = crate::core::rules::limits::BCRYPT_BYTES as usize;

/// The sample user whose personal data a password must not contain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct SampleUser {
    pub name: String,
    pub username: String,
    pub nickname: String,
    pub email: String,
    pub phone_number: String,
    pub metadata_name: String,
    pub metadata_first: String,
    pub metadata_last: String,
}

impl SampleUser {
    /// From an Auth0 user profile (`{name, username, email, user_metadata: {…}}`).
    pub fn from_profile(v: &Value) -> SampleUser {
        let s = |p: &str| {
            v.pointer(p)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        SampleUser {
            name: s("/name"),
            username: s("/username"),
            nickname: s("/nickname"),
            email: s("/email"),
            phone_number: s("/phone_number"),
            metadata_name: s("/user_metadata/name"),
            metadata_first: s("/user_metadata/first"),
            metadata_last: s("/user_metadata/last"),
        }
    }

    /// A field to fill in, by the name `blocked_fields` uses.
    pub fn field_mut(&mut self, name: &str) -> Option<&mut String> {
        Some(match name {
            "name" => &mut self.name,
            "username" => &mut self.username,
            "nickname" => &mut self.nickname,
            "email" => &mut self.email,
            "phone_number" => &mut self.phone_number,
            "user_metadata.name" => &mut self.metadata_name,
            "user_metadata.first" => &mut self.metadata_first,
            "user_metadata.last" => &mut self.metadata_last,
            _ => return None,
        })
    }

    /// The value of a profile field as `blocked_fields` names it.
    pub fn field(&self, name: &str) -> Option<&str> {
        Some(match name {
            "name" => &self.name,
            "username" => &self.username,
            "nickname" => &self.nickname,
            "email" => &self.email,
            "phone_number" => &self.phone_number,
            "user_metadata.name" => &self.metadata_name,
            "user_metadata.first" => &self.metadata_first,
            "user_metadata.last" => &self.metadata_last,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
    /// Not a refusal: something to know (truncation, a rule not checked here).
    Note,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub rule: &'static str,
    pub status: Status,
    pub detail: String,
}

impl Check {
    /// `✓ minimum length: 12 of at least 8 characters (level good)`.
    pub fn line(&self) -> String {
        let mark = match self.status {
            Status::Pass => "✓",
            Status::Fail => "✗",
            Status::Note => "•",
        };
        format!("{mark} {}: {}", self.rule, self.detail)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub accepted: bool,
    /// "legacy policy: good" or "password_options".
    pub policy: String,
    pub checks: Vec<Check>,
    /// zxcvbn's estimate, 0–4, and a guess time: not Auth0's rule (`None`
    /// until it is made: on a long password it takes milliseconds, so the
    /// editor makes it off the keystroke path).
    pub estimate: Option<(u8, String)>,
}

impl Verdict {
    /// The strength estimate, labelled as what it is.
    pub fn estimate_line(&self) -> String {
        match &self.estimate {
            Some((score, time)) => format!(
                "estimate (zxcvbn, not an Auth0 rule): {score}/4, guessed in {time} at 10k guesses/s"
            ),
            None => "estimate (zxcvbn, not an Auth0 rule): being made…".to_string(),
        }
    }
}

struct Rules {
    min_length: usize,
    min_source: String,
    /// Character types required: all listed, or 3 of 4.
    types: Vec<&'static str>,
    three_of_four: bool,
    block_identical: bool,
    block_sequential: bool,
    /// `Some(true)`: over 72 bytes is refused; `Some(false)`: truncated.
    refuse_long: bool,
    default_dictionary: Option<&'static str>,
    custom: Vec<String>,
    personal: Vec<String>,
    history: bool,
}

/// Evaluates `password` against the options of a database connection.
pub fn evaluate(options: &Map<String, Value>, password: &str, user: &SampleUser) -> Verdict {
    Verdict {
        estimate: Some(estimate(password, user)),
        ..evaluate_rules(options, password, user)
    }
}

/// [`evaluate`] without the strength estimate (the policy's rules only,
/// which take microseconds).
pub fn evaluate_rules(options: &Map<String, Value>, password: &str, user: &SampleUser) -> Verdict {
    let (rules, policy_name) = rules_of(options);
    let mut checks = Vec::new();
    let chars = password.chars().count();
    checks.push(Check {
        rule: "minimum length",
        status: if chars >= rules.min_length {
            Status::Pass
        } else {
            Status::Fail
        },
        detail: format!(
            "{chars} of at least {} ({})",
            characters(rules.min_length),
            rules.min_source
        ),
    });
    if !rules.types.is_empty() {
        checks.push(character_types(password, &rules));
    }
    if rules.block_identical {
        let run = longest_identical_run(password);
        checks.push(Check {
            rule: "identical characters",
            status: if run.1 <= 2 {
                Status::Pass
            } else {
                Status::Fail
            },
            detail: if run.1 <= 2 {
                "no more than 2 identical characters in a row".to_string()
            } else {
                format!("{} × {:?} in a row; at most 2 allowed", run.1, run.0)
            },
        });
    }
    if rules.block_sequential {
        checks.push(match sequence(password) {
            None => Check {
                rule: "sequential characters",
                status: Status::Pass,
                detail: "no runs like abc, 123, cba".into(),
            },
            Some(s) => Check {
                rule: "sequential characters",
                status: Status::Fail,
                detail: format!("contains the run {s:?}"),
            },
        });
    }
    let bytes = password.len();
    checks.push(match (bytes > MAX_BYTES, rules.refuse_long) {
        (false, _) => Check {
            rule: "maximum length",
            status: Status::Pass,
            detail: format!("{bytes} of at most {MAX_BYTES} bytes"),
        },
        (true, true) => Check {
            rule: "maximum length",
            status: Status::Fail,
            detail: format!(
                "{bytes} bytes: over {MAX_BYTES} is refused (max_length_exceeded: error)"
            ),
        },
        (true, false) => Check {
            rule: "maximum length",
            status: Status::Note,
            detail: format!("{bytes} bytes: only the first {MAX_BYTES} count"),
        },
    });
    if !rules.custom.is_empty() {
        let lower = password.to_lowercase();
        checks.push(
            match rules
                .custom
                .iter()
                .find(|w| !w.is_empty() && lower.contains(&w.to_lowercase()))
            {
                Some(w) => Check {
                    rule: "custom dictionary",
                    status: Status::Fail,
                    detail: format!("contains {w:?} from the dictionary"),
                },
                None => Check {
                    rule: "custom dictionary",
                    status: Status::Pass,
                    detail: format!(
                        "contains none of the {} entries (ignoring case)",
                        rules.custom.len()
                    ),
                },
            },
        );
    }
    if let Some(list) = rules.default_dictionary {
        let common = common_passwords::is_common(password);
        let mut detail = if common {
            "one of the 10,000 most common passwords".to_string()
        } else {
            "not among the 10,000 most common passwords".to_string()
        };
        if list == "en_100k" && !common {
            detail.push_str(" (Auth0 checks 100,000: connedit ships the top 10,000 only)");
        }
        checks.push(Check {
            rule: "common passwords",
            status: if common { Status::Fail } else { Status::Pass },
            detail,
        });
    }
    if !rules.personal.is_empty() {
        checks.push(personal_data(password, user, &rules.personal));
    }
    if rules.history {
        checks.push(Check {
            rule: "password history",
            status: Status::Note,
            detail: "checked by Auth0 against the user's previous passwords, not here".into(),
        });
    }
    let accepted = checks.iter().all(|c| c.status != Status::Fail);
    Verdict {
        accepted,
        policy: policy_name,
        checks,
        estimate: None,
    }
}

/// The rules in effect and the policy's name.
fn rules_of(options: &Map<String, Value>) -> (Rules, String) {
    if policy::uses_flexible(options) {
        (
            flexible_rules(&options["password_options"]),
            "password_options (flexible policy)".to_string(),
        )
    } else {
        let level = options
            .get("passwordPolicy")
            .and_then(Value::as_str)
            .unwrap_or("none");
        (
            legacy_rules(options, level),
            format!("legacy policy, level {level}"),
        )
    }
}

/// A password policy in the editor's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyWords {
    /// "legacy policy, level good", "password_options (flexible policy)".
    pub name: String,
    /// A line per rule.
    pub rules: Vec<String>,
}

/// `1 character`, `8 characters`.
fn characters(n: usize) -> String {
    format!("{n} character{}", if n == 1 { "" } else { "s" })
}

/// The policy in effect in the editor's words: its name and a line per rule
/// (the rules the tester checks, so the two never disagree).
pub fn describe(options: &Map<String, Value>) -> PolicyWords {
    let (r, name) = rules_of(options);
    let mut lines = vec![format!(
        "at least {} ({})",
        characters(r.min_length),
        r.min_source
    )];
    if !r.types.is_empty() {
        let types = r.types.join(", ");
        lines.push(if r.three_of_four {
            format!("3 of the 4 character types {types}")
        } else {
            format!("every character type of {types}")
        });
    }
    if r.block_identical {
        lines.push("no more than 2 identical characters in a row".into());
    }
    if r.block_sequential {
        lines.push("no sequential runs (abc, 123, cba)".into());
    }
    lines.push(if r.refuse_long {
        format!("over {MAX_BYTES} bytes refused")
    } else {
        format!("only the first {MAX_BYTES} bytes count")
    });
    if let Some(list) = r.default_dictionary {
        lines.push(format!("not a common password ({list})"));
    }
    if !r.custom.is_empty() {
        lines.push(format!(
            "none of {} custom dictionary word{}",
            r.custom.len(),
            if r.custom.len() == 1 { "" } else { "s" }
        ));
    }
    if !r.personal.is_empty() {
        lines.push(format!("no personal data ({})", r.personal.join(", ")));
    }
    if r.history {
        lines.push("not a recent password (history, checked by Auth0)".into());
    }
    PolicyWords { name, rules: lines }
}

fn legacy_rules(o: &Map<String, Value>, level: &str) -> Rules {
    let explicit = o
        .get("password_complexity_options")
        .and_then(|c| c.get("min_length"))
        .and_then(Value::as_u64);
    let level_len = policy::level_min_length(level).unwrap_or(1) as usize;
    let (types, three): (Vec<&'static str>, bool) = match level {
        "fair" => (vec!["lowercase", "uppercase", "number"], false),
        "good" | "excellent" => (vec!["lowercase", "uppercase", "number", "special"], true),
        _ => (Vec::new(), false),
    };
    let on = |k: &str| {
        o.get(k)
            .and_then(|v| v.get("enable"))
            .and_then(Value::as_bool)
            == Some(true)
    };
    let dict = on("password_dictionary");
    Rules {
        min_length: explicit.map_or(level_len, |n| n as usize),
        min_source: match explicit {
            Some(_) => "min_length, which supersedes the level".to_string(),
            None => format!("level {level}"),
        },
        types,
        three_of_four: three,
        block_identical: level == "excellent",
        block_sequential: false,
        // bcrypt silently ignores what is past 72 bytes.
        refuse_long: false,
        default_dictionary: dict.then_some("en_10k"),
        custom: if dict {
            strings(
                o.get("password_dictionary")
                    .and_then(|d| d.get("dictionary")),
            )
        } else {
            Vec::new()
        },
        personal: if on("password_no_personal_info") {
            policy::PERSONAL_FIELDS
                .iter()
                .map(|s| s.to_string())
                .collect()
        } else {
            Vec::new()
        },
        history: on("password_history"),
    }
}

/// The flexible policy; what it leaves out takes the server's defaults for a
/// new connection (SPEC §1.2).
fn flexible_rules(po: &Value) -> Rules {
    let cx = &po["complexity"];
    let types: Vec<&'static str> = crate::core::rules::password_options::CHARACTER_TYPES
        .iter()
        .copied()
        .filter(|t| {
            cx["character_types"]
                .as_array()
                .is_some_and(|a| a.iter().any(|v| v == t))
        })
        .collect();
    let active = |k: &str| po[k]["active"].as_bool() == Some(true);
    let min = cx["min_length"].as_u64();
    Rules {
        min_length: min.unwrap_or(15) as usize,
        min_source: if min.is_some() {
            "complexity.min_length".into()
        } else {
            "the server's default".into()
        },
        three_of_four: cx["character_type_rule"] == "three_of_four",
        types,
        block_identical: cx["identical_characters"] == "block",
        block_sequential: cx["sequential_characters"] == "block",
        refuse_long: cx["max_length_exceeded"] != "truncate",
        default_dictionary: active("dictionary").then(|| {
            if po["dictionary"]["default"] == "en_10k" {
                "en_10k"
            } else {
                "en_100k"
            }
        }),
        custom: if active("dictionary") {
            strings(po["dictionary"].get("custom"))
        } else {
            Vec::new()
        },
        personal: if active("profile_data") {
            match po["profile_data"].get("blocked_fields") {
                Some(f) => strings(Some(f)),
                None => policy::PERSONAL_FIELDS
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            }
        } else {
            Vec::new()
        },
        history: active("history"),
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn class_of(c: char) -> &'static str {
    if c.is_lowercase() {
        "lowercase"
    } else if c.is_uppercase() {
        "uppercase"
    } else if c.is_numeric() {
        "number"
    } else {
        "special"
    }
}

fn character_types(password: &str, rules: &Rules) -> Check {
    let present: Vec<&str> = rules
        .types
        .iter()
        .copied()
        .filter(|t| password.chars().any(|c| class_of(c) == *t))
        .collect();
    let missing: Vec<&str> = rules
        .types
        .iter()
        .copied()
        .filter(|t| !present.contains(t))
        .collect();
    if rules.three_of_four {
        let ok = present.len() >= 3;
        Check {
            rule: "character types",
            status: if ok { Status::Pass } else { Status::Fail },
            detail: format!(
                "{} of 4 types (lower, upper, digit, special); 3 needed",
                present.len()
            ),
        }
    } else if missing.is_empty() {
        Check {
            rule: "character types",
            status: Status::Pass,
            detail: format!("has {}", rules.types.join(", ")),
        }
    } else {
        Check {
            rule: "character types",
            status: Status::Fail,
            detail: format!("needs {}", missing.join(", ")),
        }
    }
}

fn longest_identical_run(p: &str) -> (char, usize) {
    let mut best = ('\0', 0);
    let mut cur = ('\0', 0);
    for c in p.chars() {
        cur = if c == cur.0 { (c, cur.1 + 1) } else { (c, 1) };
        if cur.1 > best.1 {
            best = cur;
        }
    }
    best
}

/// The first run of three letters or digits in order, up or down (abc, 123, cba).
fn sequence(p: &str) -> Option<String> {
    let chars: Vec<char> = p.chars().collect();
    chars.windows(3).find_map(|w| {
        let same_kind =
            w.iter().all(|c| c.is_ascii_digit()) || w.iter().all(|c| c.is_ascii_alphabetic());
        let n: Vec<i32> = w.iter().map(|c| c.to_ascii_lowercase() as i32).collect();
        let step = n[1] - n[0];
        (same_kind && (step == 1 || step == -1) && n[2] - n[1] == step).then(|| w.iter().collect())
    })
}

/// A personal value, and its words of 3 characters or more ("any part of"
/// the user's data, in Auth0's words); for the email, the part before `@`.
fn personal_values(field: &str, value: &str) -> Vec<String> {
    let value = if field == "email" {
        value.split('@').next().unwrap_or("")
    } else {
        value
    };
    let mut out = vec![value.to_lowercase()];
    let words: Vec<&str> = value
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .collect();
    if words.len() > 1 {
        out.extend(words.iter().map(|w| w.to_lowercase()));
    }
    out.retain(|v| !v.is_empty());
    out
}

fn personal_data(password: &str, user: &SampleUser, fields: &[String]) -> Check {
    let lower = password.to_lowercase();
    for f in fields {
        let Some(value) = user.field(f) else { continue };
        if let Some(hit) = personal_values(f, value)
            .into_iter()
            .find(|v| lower.contains(v.as_str()))
        {
            return Check {
                rule: "personal data",
                status: Status::Fail,
                detail: format!("contains {hit:?} from the user's {f}"),
            };
        }
    }
    let unknown: Vec<&str> = fields
        .iter()
        .map(String::as_str)
        .filter(|f| user.field(f).is_none())
        .collect();
    let mut detail = "contains none of the sample user's data".to_string();
    if !unknown.is_empty() {
        detail.push_str(&format!(" (not checked here: {})", unknown.join(", ")));
    }
    Check {
        rule: "personal data",
        status: Status::Pass,
        detail,
    }
}

/// zxcvbn's score (0–4) of `password` for `user`, and how long guessing it
/// takes at 10k guesses a second.
pub fn estimate(password: &str, user: &SampleUser) -> (u8, String) {
    if password.is_empty() {
        return (0, "instantly".into());
    }
    let inputs: Vec<&str> = [
        &user.name,
        &user.username,
        &user.nickname,
        &user.email,
        &user.metadata_first,
        &user.metadata_last,
    ]
    .into_iter()
    .map(String::as_str)
    .filter(|s| !s.is_empty())
    .collect();
    let e = zxcvbn::zxcvbn(password, &inputs);
    (
        e.score() as u8,
        e.crack_times()
            .offline_slow_hashing_1e4_per_second()
            .to_string(),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_character_is_one_character() {
        let o = serde_json::json!({"passwordPolicy": "none"});
        let words = describe(o.as_object().unwrap());
        assert!(
            words.rules[0].starts_with("at least 1 character ("),
            "{:?}",
            words.rules
        );
        let o = serde_json::json!({"passwordPolicy": "good"});
        assert!(describe(o.as_object().unwrap()).rules[0].starts_with("at least 8 characters ("));
    }

    use super::*;
    use serde_json::json;

    fn opts(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn sequences_and_runs() {
        assert_eq!(sequence("xabcx").as_deref(), Some("abc"));
        assert_eq!(sequence("x321").as_deref(), Some("321"));
        assert_eq!(sequence("CbA").as_deref(), Some("CbA"));
        assert_eq!(sequence("ab1"), None);
        assert_eq!(sequence("acegi"), None);
        assert_eq!(longest_identical_run("abbbc"), ('b', 3));
    }

    #[test]
    fn a_verdict_names_each_rule() {
        let v = evaluate(
            &opts(json!({"passwordPolicy": "fair"})),
            "abcdefgh",
            &SampleUser::default(),
        );
        assert!(!v.accepted);
        let types = v
            .checks
            .iter()
            .find(|c| c.rule == "character types")
            .unwrap();
        assert_eq!(types.detail, "needs uppercase, number");
        assert!(v.policy.contains("fair"));
    }
}
