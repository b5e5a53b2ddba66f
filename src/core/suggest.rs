//! "Did you mean …?": the closest allowed word to a misspelt one.

/// The candidate closest to `input`, when it is close enough to be a likely typo
/// (case differences alone always count).
pub fn closest<'a>(input: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = input.to_lowercase();
    if let Some(c) = candidates.iter().find(|c| c.to_lowercase() == lower) {
        return Some(c);
    }
    // Long inputs cannot be near any of our short words; skip the work.
    if input.chars().count() > 64 {
        return None;
    }
    let n = lower.chars().count();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let m = c.chars().count();
        let limit = (m / 3).max(1);
        // The distance is at least the difference in length.
        if n.abs_diff(m) > limit {
            continue;
        }
        let d = distance(&lower, &c.to_lowercase());
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent swaps).
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for (i, row) in d.chunks_mut(w).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().take(w).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

/// `a, b or c` for messages.
pub fn one_of(values: &[&str]) -> String {
    match values {
        [] => String::new(),
        [one] => format!("\"{one}\""),
        [init @ .., last] => {
            let head: Vec<String> = init.iter().map(|v| format!("\"{v}\"")).collect();
            format!("{} or \"{last}\"", head.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let c = ["none", "optional", "required"];
        assert_eq!(closest("optinal", &c), Some("optional"));
        assert_eq!(closest("Required", &c), Some("required"));
        assert_eq!(closest("reqiured", &c), Some("required"));
        assert_eq!(closest("banana", &c), None);
        assert_eq!(closest("scmi", &["scim", "universal_logout"]), Some("scim"));
    }

    #[test]
    fn lists_values() {
        assert_eq!(one_of(&["a", "b", "c"]), "\"a\", \"b\" or \"c\"");
        assert_eq!(one_of(&["a"]), "\"a\"");
    }
}
