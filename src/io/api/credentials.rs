//! Where the Management API is and how to authenticate, from the environment
//! as Auth0's own tools read it (SPEC §3). Secrets are wrapped so that they
//! cannot be printed by accident.

use super::ApiError;
use std::fmt;

/// A secret (client secret, access token). `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }
    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[derive(Debug, Clone)]
pub enum Auth {
    Token(Secret),
    ClientCredentials {
        client_id: String,
        secret: Secret,
        audience: String,
    },
    /// Private Key JWT (RFC 7523): a client assertion signed with the key
    /// at `key_path`, read only when a token is needed.
    PrivateKeyJwt {
        client_id: String,
        key_path: std::path::PathBuf,
        algorithm: SigningAlgorithm,
        audience: String,
    },
}

/// The algorithms Auth0 accepts for Private Key JWT with an RSA key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigningAlgorithm {
    RS256,
    RS384,
    PS256,
}

impl SigningAlgorithm {
    /// `AUTH0_CLIENT_SIGNING_ALGORITHM` (RS256 when not set).
    pub fn parse(raw: Option<&str>) -> Result<SigningAlgorithm, ApiError> {
        match raw.map(str::trim) {
            None | Some("") | Some("RS256") => Ok(SigningAlgorithm::RS256),
            Some("RS384") => Ok(SigningAlgorithm::RS384),
            Some("PS256") => Ok(SigningAlgorithm::PS256),
            Some(other) => Err(ApiError::Config(format!(
                "the client signing algorithm must be RS256, RS384 or PS256 (it is {:?})",
                other.chars().take(12).collect::<String>()
            ))),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Credentials {
    /// `https://tenant.eu.auth0.com` (or `http://127.0.0.1:port` for loopback).
    pub base: String,
    /// The host as people name the tenant.
    pub domain: String,
    pub auth: Auth,
    /// How long one request may take (`CONNEDIT_TIMEOUT`, default 30 s).
    pub timeout: std::time::Duration,
    /// The clock of waits (backoff, rate limits): each takes `1 / time_scale`
    /// of its time. 1, except in the test suite (see [`test_time_scale`]).
    pub time_scale: u32,
}

/// The test suite's clock: in a debug build, `CONNEDIT_TEST_TIME_SCALE=N`
/// (from the same lookup as the credentials, so a test's map can set it)
/// makes every wait N times shorter. A release build has no such knob.
pub fn test_time_scale(get: &impl Fn(&str) -> Option<String>) -> u32 {
    if cfg!(debug_assertions) {
        get("CONNEDIT_TEST_TIME_SCALE")
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(1)
            .max(1)
    } else {
        1
    }
}

/// The longest `CONNEDIT_TIMEOUT` connedit accepts: an hour.
pub const MAX_TIMEOUT_SECS: f64 = 3600.0;

/// `CONNEDIT_TIMEOUT` (seconds, fractions allowed), checked: a value that is
/// not a number, not above zero or over an hour is a clear error, not a panic.
pub fn timeout(raw: Option<&str>) -> Result<std::time::Duration, ApiError> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(std::time::Duration::from_secs(30));
    };
    match raw.parse::<f64>() {
        Ok(s) if s > 0.0 && s <= MAX_TIMEOUT_SECS => Ok(std::time::Duration::from_secs_f64(s)),
        _ => Err(ApiError::Config(format!(
            "CONNEDIT_TIMEOUT must be a number of seconds above 0 and at most {MAX_TIMEOUT_SECS} (it is {:?})",
            raw.chars().take(20).collect::<String>()
        ))),
    }
}

/// Reads credentials from the process environment.
pub fn from_env() -> Result<Credentials, ApiError> {
    from_lookup(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
}

/// Reads credentials through `get` (the environment, or a test's map).
pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Credentials, ApiError> {
    let raw = get("AUTH0_DOMAIN").ok_or_else(|| {
        ApiError::Config(
            "AUTH0_DOMAIN is not set: export AUTH0_DOMAIN=your-tenant.eu.auth0.com".to_string(),
        )
    })?;
    let (base, domain) = base_url(&raw)?;
    let token = get("AUTH0_ACCESS_TOKEN").or_else(|| get("AUTH0_API_TOKEN"));
    let key_path = get("AUTH0_CLIENT_SIGNING_KEY_PATH");
    let audience = || get("AUTH0_AUDIENCE").unwrap_or_else(|| format!("https://{domain}/api/v2/"));
    let auth = match (token, get("AUTH0_CLIENT_ID"), get("AUTH0_CLIENT_SECRET")) {
        (Some(t), _, _) => Auth::Token(Secret::new(t.trim())),
        (None, Some(_), Some(_)) if key_path.is_some() => {
            return Err(ApiError::Config(
                "both AUTH0_CLIENT_SECRET and AUTH0_CLIENT_SIGNING_KEY_PATH are set: keep the one this client authenticates with".to_string(),
            ));
        }
        (None, Some(client_id), None) if key_path.is_some() => Auth::PrivateKeyJwt {
            client_id,
            key_path: std::path::PathBuf::from(key_path.expect("checked")),
            algorithm: SigningAlgorithm::parse(get("AUTH0_CLIENT_SIGNING_ALGORITHM").as_deref())?,
            audience: audience(),
        },
        (None, Some(client_id), Some(secret)) => Auth::ClientCredentials {
            client_id,
            secret: Secret::new(secret),
            audience: audience(),
        },
        (None, Some(_), None) => {
            return Err(ApiError::Config(
                "AUTH0_CLIENT_ID is set but neither AUTH0_CLIENT_SECRET nor AUTH0_CLIENT_SIGNING_KEY_PATH is: set one, or AUTH0_ACCESS_TOKEN".to_string(),
            ));
        }
        _ => {
            return Err(ApiError::Config(
                "no credentials: set AUTH0_ACCESS_TOKEN (or AUTH0_API_TOKEN), or AUTH0_CLIENT_ID with AUTH0_CLIENT_SECRET or AUTH0_CLIENT_SIGNING_KEY_PATH"
                    .to_string(),
            ));
        }
    };
    let timeout = timeout(get("CONNEDIT_TIMEOUT").as_deref())?;
    Ok(Credentials {
        base,
        domain,
        auth,
        timeout,
        time_scale: test_time_scale(&get),
    })
}

/// The largest signing key file read (a PEM RSA key is a few KB).
const MAX_KEY_BYTES: u64 = 64 * 1024;

/// A client assertion (RFC 7523) for `client_id` at `domain`, signed with
/// the PEM RSA key at `key_path`: `iss` = `sub` = the client id, `aud` =
/// `https://{domain}/`, issued now, valid two minutes, a fresh `jti`. The
/// key file must be the user's (or root's) and not writable by others; its
/// contents never reach a message.
pub fn client_assertion(
    client_id: &str,
    domain: &str,
    key_path: &std::path::Path,
    algorithm: SigningAlgorithm,
) -> Result<Secret, ApiError> {
    use std::io::Read;
    use std::os::unix::fs::MetadataExt;
    let shown = key_path.display();
    // Non-blocking, so that a FIFO put in the key's place cannot hang the
    // run; what was opened is judged below.
    let file = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(key_path)
    }
    .map_err(|e| ApiError::Config(format!("cannot read the client signing key {shown}: {e}")))?;
    let meta = file.metadata().map_err(|e| {
        ApiError::Config(format!("cannot read the client signing key {shown}: {e}"))
    })?;
    crate::io::trust::judge(key_path, meta.uid(), meta.mode()).map_err(ApiError::Config)?;
    // A private key others can read is no longer private (OpenSSH refuses it too).
    if meta.mode() & 0o044 != 0 {
        return Err(ApiError::Config(format!(
            "the client signing key {shown} is readable by others (mode {:o}): run chmod 600 {shown}",
            meta.mode() & 0o777
        )));
    }
    if !meta.is_file() || meta.len() > MAX_KEY_BYTES {
        return Err(ApiError::Config(format!(
            "the client signing key {shown} is not a PEM key file (a file of at most 64 KB)"
        )));
    }
    let mut pem = Vec::new();
    file.take(MAX_KEY_BYTES)
        .read_to_end(&mut pem)
        .map_err(|e| {
            ApiError::Config(format!("cannot read the client signing key {shown}: {e}"))
        })?;
    let not_rsa = || {
        ApiError::Config(format!(
            "the client signing key {shown} is not a PEM RSA private key"
        ))
    };
    use rustls_pki_types::pem::PemObject;
    let key = match rustls_pki_types::PrivateKeyDer::from_pem_slice(&pem).map_err(|_| not_rsa())? {
        rustls_pki_types::PrivateKeyDer::Pkcs1(der) => {
            ring::signature::RsaKeyPair::from_der(der.secret_pkcs1_der())
        }
        rustls_pki_types::PrivateKeyDer::Pkcs8(der) => {
            ring::signature::RsaKeyPair::from_pkcs8(der.secret_pkcs8_der())
        }
        _ => return Err(not_rsa()),
    }
    // What ring says of the key, in words (an RSA key of 1024 or 16384 bits
    // was "not a PEM RSA key").
    .map_err(|e| match e.to_string().as_str() {
        "TooSmall" | "TooLarge" | "PrivateModulusLenNotMultipleOf512Bits" => ApiError::Config(format!(
            "the client signing key {shown} is an RSA key of a size that cannot sign here ({}): use an RSA key of 2048 to 8192 bits",
            match e.to_string().as_str() { "TooSmall" => "too small", "TooLarge" => "too large", _ => "not a multiple of 512 bits" }
        )),
        "WrongAlgorithm" => ApiError::Config(format!(
            "the client signing key {shown} is not an RSA key (an EC or Ed25519 key?): Private Key JWT here signs with RSA (RS256, RS384, PS256)"
        )),
        _ => not_rsa(),
    })?;
    let rng = ring::rand::SystemRandom::new();
    let mut jti = [0u8; 16];
    ring::rand::SecureRandom::fill(&rng, &mut jti)
        .map_err(|_| ApiError::Config("no randomness for the assertion's jti".to_string()))?;
    let jti: String = jti.iter().map(|b| format!("{b:02x}")).collect();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (alg, padding): (&str, &'static dyn ring::signature::RsaEncoding) = match algorithm {
        SigningAlgorithm::RS256 => ("RS256", &ring::signature::RSA_PKCS1_SHA256),
        SigningAlgorithm::RS384 => ("RS384", &ring::signature::RSA_PKCS1_SHA384),
        SigningAlgorithm::PS256 => ("PS256", &ring::signature::RSA_PSS_SHA256),
    };
    // A JWS in compact form (RFC 7515): header.claims.signature, base64url.
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let header = serde_json::json!({"alg": alg, "typ": "JWT"});
    let claims = serde_json::json!({
        "iss": client_id,
        "sub": client_id,
        "aud": format!("https://{domain}/"),
        "iat": now,
        "exp": now + 120,
        "jti": jti,
    });
    let signing_input = format!(
        "{}.{}",
        b64.encode(header.to_string()),
        b64.encode(claims.to_string())
    );
    let mut signature = vec![0u8; key.public().modulus_len()];
    key.sign(padding, &rng, signing_input.as_bytes(), &mut signature)
        .map_err(|_| {
            ApiError::Config(format!("cannot sign with the client signing key {shown}"))
        })?;
    Ok(Secret::new(format!(
        "{signing_input}.{}",
        b64.encode(signature)
    )))
}

/// The API's base URL from a domain that may carry a scheme. Plain `http://`
/// is accepted only for loopback hosts.
pub fn base_url(raw: &str) -> Result<(String, String), ApiError> {
    let raw = raw.trim().trim_end_matches('/');
    let (scheme, rest) = match raw.split_once("://") {
        Some((s, r)) => (s.to_ascii_lowercase(), r),
        None => ("https".to_string(), raw),
    };
    let host_port = rest.split('/').next().unwrap_or("");
    if host_port.is_empty() || host_port.contains('@') || host_port.contains(char::is_whitespace) {
        // Never echo userinfo (user:password@) back.
        return Err(ApiError::Config(format!(
            "AUTH0_DOMAIN {:?} is not a host name",
            crate::core::scrub::scrub(raw, &[])
        )));
    }
    let host = host_of(host_port);
    match scheme.as_str() {
        "https" => {}
        "http" if is_loopback(host) => {}
        "http" => {
            return Err(ApiError::Config(format!(
                "https is required: plain http:// is accepted only for loopback hosts (tests, local emulators), not {host}"
            )));
        }
        other => {
            return Err(ApiError::Config(format!(
                "AUTH0_DOMAIN has an unknown scheme {other:?}: use https://"
            )));
        }
    }
    Ok((format!("{scheme}://{host_port}"), host_port.to_string()))
}

fn host_of(host_port: &str) -> &str {
    if let Some(rest) = host_port.strip_prefix('[') {
        return rest.split(']').next().unwrap_or("");
    }
    host_port.rsplit_once(':').map_or(host_port, |(h, port)| {
        if port.chars().all(|c| c.is_ascii_digit()) {
            h
        } else {
            host_port
        }
    })
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn creds(vars: &[(&str, &str)]) -> Result<Credentials, ApiError> {
        let m: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        from_lookup(|k| m.get(k).cloned())
    }

    #[test]
    fn domains_and_schemes() {
        assert_eq!(
            base_url("acme.eu.auth0.com").unwrap().0,
            "https://acme.eu.auth0.com"
        );
        assert_eq!(
            base_url("https://acme.eu.auth0.com/").unwrap().0,
            "https://acme.eu.auth0.com"
        );
        assert_eq!(
            base_url("http://127.0.0.1:8080").unwrap().0,
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            base_url("http://localhost:1").unwrap().0,
            "http://localhost:1"
        );
        assert_eq!(base_url("http://[::1]:9").unwrap().0, "http://[::1]:9");
        let e = base_url("http://acme.eu.auth0.com")
            .unwrap_err()
            .to_string();
        assert!(e.contains("https is required"), "{e}");
        assert!(base_url("ftp://x").is_err());
    }

    #[test]
    fn credentials_like_auth0_tools() {
        let c = creds(&[("AUTH0_DOMAIN", "t.auth0.com"), ("AUTH0_API_TOKEN", "tok")]).unwrap();
        assert!(matches!(c.auth, Auth::Token(ref t) if t.expose() == "tok"));
        let c = creds(&[
            ("AUTH0_DOMAIN", "t.auth0.com"),
            ("AUTH0_CLIENT_ID", "id"),
            ("AUTH0_CLIENT_SECRET", "s3"),
        ])
        .unwrap();
        match c.auth {
            Auth::ClientCredentials { audience, .. } => {
                assert_eq!(audience, "https://t.auth0.com/api/v2/")
            }
            _ => panic!(),
        }
        assert!(creds(&[("AUTH0_DOMAIN", "t")]).is_err());
        assert!(creds(&[("AUTH0_CLIENT_ID", "x")]).is_err());
    }

    #[test]
    fn timeouts_out_of_range_are_errors_not_panics() {
        assert_eq!(timeout(None).unwrap().as_secs(), 30);
        assert_eq!(timeout(Some("1.5")).unwrap().as_millis(), 1500);
        for bad in ["0", "-1", "inf", "NaN", "1e300", "3601", "ten"] {
            let e = timeout(Some(bad)).unwrap_err().to_string();
            assert!(e.contains("CONNEDIT_TIMEOUT"), "{bad}: {e}");
        }
    }

    #[test]
    fn userinfo_in_the_domain_is_never_echoed() {
        let e = base_url("https://ops:hunter2@t.auth0.com")
            .unwrap_err()
            .to_string();
        assert!(!e.contains("hunter2"), "{e}");
    }

    #[test]
    fn secrets_do_not_print() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s} {s:?}"), "*** Secret(***)");
        let c = creds(&[
            ("AUTH0_DOMAIN", "t"),
            ("AUTH0_CLIENT_ID", "id"),
            ("AUTH0_CLIENT_SECRET", "hunter2"),
        ])
        .unwrap();
        assert!(!format!("{c:?}").contains("hunter2"));
    }
}
