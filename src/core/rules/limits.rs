//! Limits more than one rule (and the password tester) share, stated once.

/// bcrypt hashes only the first 72 bytes of a password: the useful maximum
/// of a legacy `min_length`, the flexible policy's maximum `min_length`, and
/// where `max_length_exceeded` truncates or refuses.
pub const BCRYPT_BYTES: i64 = 72;

/// NIST SP 800-63B: at least 8 characters.
pub const NIST_MIN: i64 = 8;
