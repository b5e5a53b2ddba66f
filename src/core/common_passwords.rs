//! The 10,000 most common passwords, compiled into the binary (see the
//! README for the source and licence), looked up in O(1).

use std::collections::HashSet;
use std::sync::OnceLock;

const LIST: &str = include_str!("../../assets/common-passwords-10k.txt");

fn set() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| LIST.lines().map(str::to_lowercase).collect())
}

/// Whether `password` is one of the 10,000 most common (ignoring case).
pub fn is_common(password: &str) -> bool {
    set().contains(&password.to_lowercase())
}

pub fn len() -> usize {
    set().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_there_and_case_blind() {
        assert!(len() >= 9_900, "{}", len());
        assert!(is_common("password"));
        assert!(is_common("PassWord"));
        assert!(is_common("123456"));
        assert!(!is_common("correct horse battery staple"));
    }
}
