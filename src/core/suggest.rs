//! "Did you mean …?": the closest allowed word to a misspelt one.

/// The candidate closest to `input`, when it is close enough to be a likely typo
/// (case differences alone always count).
pub fn closest<'a>(input: &str, candidates: &[&'a str]) -> Option<&'a str> {
    // Keys and enum values are ASCII: compared without allocating.
    let same = |c: &str| {
        if c.is_ascii() && input.is_ascii() {
            c.eq_ignore_ascii_case(input)
        } else {
            c.to_lowercase() == input.to_lowercase()
        }
    };
    if let Some(c) = candidates.iter().find(|c| same(c)) {
        return Some(c);
    }
    // Long inputs cannot be near any of our short words; skip the work.
    if input.chars().count() > 64 {
        return None;
    }
    let lower = input.to_lowercase();
    let n = lower.chars().count();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let m = c.chars().count();
        let limit = (m / 3).max(1);
        // The distance is at least the difference in length.
        if n.abs_diff(m) > limit {
            continue;
        }
        let d = if lower.is_ascii() && c.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
            within(lower.as_bytes(), c.as_bytes(), limit)
        } else {
            Some(distance(&lower, &c.to_lowercase())).filter(|d| *d <= limit)
        };
        if let Some(d) = d
            && best.is_none_or(|(bd, _)| d < bd)
        {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent swaps).
pub fn distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// [`distance`] of two byte strings when it is at most `limit`, else
/// `None`: only the band of cells within `limit` of the diagonal is
/// computed, on the stack, and the work stops as soon as a whole row is
/// over the limit (a validate of 10,000 files full of typos spent 40 % of
/// its time in full distances against every allowed key).
fn within(a: &[u8], b: &[u8], limit: usize) -> Option<usize> {
    const MAX: usize = 64;
    if a.len() > MAX || b.len() > MAX {
        return Some(distance(
            std::str::from_utf8(a).ok()?,
            std::str::from_utf8(b).ok()?,
        ))
        .filter(|d| *d <= limit);
    }
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let big = limit + 1;
    let w = b.len() + 1;
    // Three rows, used in turn (row i is rows[i % 3]): the one before the
    // last (for swaps), the last, this one. Only `w` cells of each are used.
    let mut rows = [[big; MAX + 1]; 3];
    for (j, cell) in rows[0].iter_mut().enumerate().take(w) {
        *cell = if j <= limit { j } else { big };
    }
    for i in 1..=a.len() {
        let [r0, r1, r2] = &mut rows;
        let (older, prev, cur) = match i % 3 {
            0 => (&*r1, &*r2, r0),
            1 => (&*r2, &*r0, r1),
            _ => (&*r0, &*r1, r2),
        };
        cur[..w].fill(big);
        cur[0] = if i <= limit { i } else { big };
        let lo = i.saturating_sub(limit).max(1);
        let hi = (i + limit).min(b.len());
        let mut row_min = cur[0];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(older[j - 2] + 1);
            }
            cur[j] = v.min(big);
            row_min = row_min.min(cur[j]);
        }
        if row_min > limit {
            return None;
        }
    }
    Some(rows[a.len() % 3][b.len()]).filter(|d| *d <= limit)
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

    proptest::proptest! {
        /// The banded distance is the full one wherever it is within the limit.
        #[test]
        fn the_banded_distance_agrees_with_the_full_one(
            a in "[a-d_]{0,20}", b in "[a-d_]{0,20}", limit in 0usize..8
        ) {
            let full = distance(&a, &b);
            let banded = within(a.as_bytes(), b.as_bytes(), limit);
            proptest::prop_assert_eq!(banded, Some(full).filter(|d| *d <= limit));
        }
    }

    #[test]
    fn lists_values() {
        assert_eq!(one_of(&["a", "b", "c"]), "\"a\", \"b\" or \"c\"");
        assert_eq!(one_of(&["a"]), "\"a\"");
    }
}
