//! Named tenants from `tenants.toml`: where each one is and how to get its
//! secret — never the secret itself (SPEC §3; the tenants issue).

use super::api::ApiError;
use super::api::credentials::{self, Auth, Credentials, Secret};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tenant {
    pub domain: String,
    #[serde(default)]
    pub client_id: Option<String>,
    #[serde(default)]
    pub client_secret_env: Option<String>,
    #[serde(default)]
    pub client_secret_command: Option<String>,
    #[serde(default)]
    pub token_env: Option<String>,
    #[serde(default)]
    pub token_command: Option<String>,
    /// Private Key JWT: a PEM RSA key (relative to the tenants file's
    /// folder), judged like the file itself.
    #[serde(default)]
    pub client_signing_key_path: Option<PathBuf>,
    /// RS256 (default), RS384 or PS256.
    #[serde(default)]
    pub client_signing_algorithm: Option<String>,
    #[serde(default)]
    pub audience: Option<String>,
    #[serde(default)]
    pub protected: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    tenants: BTreeMap<String, toml::Value>,
}

#[derive(Debug, Clone)]
pub struct Tenants {
    pub path: PathBuf,
    pub tenants: BTreeMap<String, Tenant>,
}

/// Every key of a tenant's table, what it holds (the manual's TENANTS
/// FILE section; a test parses a table with all of them).
pub const KEYS: &[(&str, &str)] = &[
    (
        "domain",
        "the tenant's domain (required); a scheme may be given, plain http only for loopback hosts",
    ),
    (
        "client_id",
        "the application whose credentials get a Management API token",
    ),
    (
        "client_secret_env",
        "the name of the variable that holds its client secret",
    ),
    (
        "client_secret_command",
        "a command that prints the client secret (pass show auth0/prod), run only when a token is needed",
    ),
    (
        "token_env",
        "the name of the variable that holds a Management API token, instead of client credentials",
    ),
    (
        "token_command",
        "a command that prints a Management API token",
    ),
    (
        "client_signing_key_path",
        "Private Key JWT instead of a secret: a PEM RSA key, relative to the file's folder, yours and readable by nobody else",
    ),
    (
        "client_signing_algorithm",
        "RS256 (default), RS384 or PS256",
    ),
    (
        "audience",
        "the token's audience (default https://{domain}/api/v2/)",
    ),
    (
        "protected",
        "true: no write without the name typed back (--confirm-tenant NAME, or at the editor's prompt)",
    ),
];

/// Keys that would hold a secret in the file: refused.
const INLINE_SECRETS: [&str; 5] = [
    "client_secret",
    "token",
    "access_token",
    "api_token",
    "secret",
];

/// `$XDG_CONFIG_HOME/connedit/tenants.toml`, else `~/.config/connedit/tenants.toml`.
pub fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("connedit").join("tenants.toml"))
}

pub fn load(path: &Path) -> Result<Tenants, ApiError> {
    let cfg = |m: String| ApiError::Config(format!("{}: {m}", path.display()));
    // Opened once, and judged by what was opened (no window to swap it):
    // before anything in it runs (client_secret_command), another user must
    // not have been able to write it, nor the folder it is in.
    let mut file = super::read::open(path).map_err(|e| cfg(format!("cannot read: {e}")))?;
    let meta = file
        .metadata()
        .map_err(|e| cfg(format!("cannot read: {e}")))?;
    {
        use std::os::unix::fs::MetadataExt;
        super::trust::judge(path, meta.uid(), meta.mode()).map_err(ApiError::Config)?;
    }
    if let Some(folder) = std::fs::canonicalize(path)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
    {
        super::trust::check(&folder).map_err(ApiError::Config)?;
    }
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o044 != 0 {
            return Err(cfg(format!(
                "is readable by others (mode {mode:o}): it names how to reach your tenants; run chmod 600 {}",
                path.display()
            )));
        }
    }
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut std::io::Read::take(&mut file, super::read::MAX_SMALL + 1),
        &mut text,
    )
    .map_err(|e| cfg(format!("cannot read: {e}")))?;
    if text.len() as u64 > super::read::MAX_SMALL {
        return Err(cfg("is larger than 1 MB: not a tenants file".to_string()));
    }
    let file: File = toml::from_str(&text)
        .map_err(|e| cfg(format!("not a valid tenants file: {}", e.message())))?;
    let mut tenants = BTreeMap::new();
    for (name, raw) in file.tenants {
        if let Some(t) = raw.as_table()
            && let Some(k) = INLINE_SECRETS.iter().find(|k| t.contains_key(**k))
        {
            return Err(cfg(format!(
                "[tenants.{name}] has a secret written inline ({k}): name an environment variable (client_secret_env, token_env) or a command (client_secret_command, token_command) instead"
            )));
        }
        let mut tenant: Tenant = raw
            .try_into()
            .map_err(|e: toml::de::Error| cfg(format!("[tenants.{name}]: {}", e.message())))?;
        if let Some(key) = tenant.client_signing_key_path.as_mut()
            && key.is_relative()
            && let Some(folder) = path.parent()
        {
            *key = folder.join(&*key);
        }
        tenants.insert(name, tenant);
    }
    Ok(Tenants {
        path: path.to_path_buf(),
        tenants,
    })
}

impl Tenants {
    pub fn get(&self, name: &str) -> Result<&Tenant, ApiError> {
        self.tenants.get(name).ok_or_else(|| {
            let known: Vec<&str> = self.tenants.keys().map(String::as_str).collect();
            ApiError::Config(format!(
                "no tenant {name:?} in {}; known: {}",
                self.path.display(),
                known.join(", ")
            ))
        })
    }
}

/// A secret from an environment variable or a command's standard output.
/// Messages name the variable or the command, never what they hold.
fn secret(
    env: Option<&str>,
    command: Option<&str>,
    what: &str,
    tenant: &str,
) -> Result<Option<Secret>, ApiError> {
    // The key the variable's name is given in, for messages.
    let key = if what == "access token" {
        "token_env"
    } else {
        "client_secret_env"
    };
    if let Some(var) = env {
        // A secret pasted where its variable's name belongs: refuse, never echo it.
        let name_like = !var.is_empty()
            && var.len() <= 64
            && var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !var.starts_with(|c: char| c.is_ascii_digit());
        if !name_like {
            return Err(ApiError::Config(format!(
                "tenant {tenant}: the {what}'s variable is not a variable name (letters, digits and _): it looks like the secret itself; put the secret in a variable and name that variable"
            )));
        }
        return match std::env::var(var) {
            Ok(v) if !v.trim().is_empty() => Ok(Some(Secret::new(v.trim()))),
            // A secret can look like a name (letters and digits): the name is
            // printed only when it reads as one (upper case, as variables are).
            _ if printable_variable(var) => Err(ApiError::Config(format!(
                "tenant {tenant}: the environment variable {var} (its {what}) is not set"
            ))),
            _ => Err(ApiError::Config(format!(
                "tenant {tenant}: the variable named in {key} (its {what}) is not set (its name is not shown: it may be the secret itself)"
            ))),
        };
    }
    if let Some(cmd) = command {
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(cmd)
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .map_err(|e| {
                ApiError::Config(format!(
                    "tenant {tenant}: cannot run its {what} command: {e}"
                ))
            })?;
        let value = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if !out.status.success() || value.is_empty() {
            return Err(ApiError::Config(format!(
                "tenant {tenant}: its {what} command failed ({}) or printed nothing",
                out.status
            )));
        }
        return Ok(Some(Secret::new(value)));
    }
    Ok(None)
}

/// Whether an unset variable's name may be printed: upper-case letters,
/// digits and `_`, at most 64, not starting with a digit, with a letter. A
/// pasted Auth0 secret mixes cases, so it never passes.
fn printable_variable(var: &str) -> bool {
    !var.is_empty()
        && var.len() <= 64
        && var
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && !var.starts_with(|c: char| c.is_ascii_digit())
        && var.chars().any(|c| c.is_ascii_uppercase())
}

/// The credentials of a named tenant.
pub fn credentials(name: &str, t: &Tenant) -> Result<Credentials, ApiError> {
    let (base, domain) = credentials::base_url(&t.domain)?;
    let auth = match secret(
        t.token_env.as_deref(),
        t.token_command.as_deref(),
        "access token",
        name,
    )? {
        Some(token) => Auth::Token(token),
        None if t.client_signing_key_path.is_some() => {
            if t.client_secret_env.is_some() || t.client_secret_command.is_some() {
                return Err(ApiError::Config(format!(
                    "tenant {name}: give client_signing_key_path or a client secret, not both"
                )));
            }
            let client_id = t.client_id.clone().ok_or_else(|| {
                ApiError::Config(format!(
                    "tenant {name}: client_signing_key_path needs client_id"
                ))
            })?;
            Auth::PrivateKeyJwt {
                client_id,
                key_path: t.client_signing_key_path.clone().expect("checked"),
                algorithm: credentials::SigningAlgorithm::parse(
                    t.client_signing_algorithm.as_deref(),
                )?,
                audience: t
                    .audience
                    .clone()
                    .unwrap_or_else(|| format!("https://{domain}/api/v2/")),
            }
        }
        None => {
            let client_id = t.client_id.clone().ok_or_else(|| {
                ApiError::Config(format!("tenant {name}: give client_id with client_secret_env or client_secret_command, or token_env/token_command"))
            })?;
            let secret = secret(
                t.client_secret_env.as_deref(),
                t.client_secret_command.as_deref(),
                "client secret",
                name,
            )?
            .ok_or_else(|| {
                ApiError::Config(format!(
                    "tenant {name}: client_secret_env or client_secret_command is missing"
                ))
            })?;
            let audience = t
                .audience
                .clone()
                .unwrap_or_else(|| format!("https://{domain}/api/v2/"));
            Auth::ClientCredentials {
                client_id,
                secret,
                audience,
            }
        }
    };
    let timeout =
        super::api::credentials::timeout(std::env::var("CONNEDIT_TIMEOUT").ok().as_deref())?;
    Ok(Credentials {
        base,
        domain,
        auth,
        timeout,
        time_scale: credentials::test_time_scale(&|k| std::env::var(k).ok()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn write(text: &str, mode: u32) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("tenants.toml");
        std::fs::write(&p, text).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
        (dir, p)
    }

    #[test]
    fn reads_tenants_and_refuses_unsafe_files() {
        let text = "[tenants.dev]\ndomain = \"acme-dev.eu.auth0.com\"\nclient_id = \"abc\"\nclient_secret_env = \"X\"\n[tenants.prod]\ndomain = \"acme.eu.auth0.com\"\ntoken_command = \"echo t\"\nprotected = true\n";
        let (_d, p) = write(text, 0o600);
        let t = load(&p).unwrap();
        assert!(t.get("prod").unwrap().protected);
        assert!(!t.get("dev").unwrap().protected);
        assert!(t.get("stage").is_err());
        let (_d, p) = write(text, 0o644);
        assert!(load(&p).unwrap_err().to_string().contains("chmod 600"));
        let (_d, p) = write(
            "[tenants.dev]\ndomain = \"x\"\nclient_secret = \"hunter2\"\n",
            0o600,
        );
        let e = load(&p).unwrap_err().to_string();
        assert!(
            e.contains("written inline") && !e.contains("hunter2"),
            "{e}"
        );
    }

    #[test]
    fn secrets_come_from_commands_without_being_echoed() {
        let t = Tenant {
            domain: "acme.eu.auth0.com".into(),
            client_id: Some("id".into()),
            client_secret_env: None,
            client_secret_command: Some("printf 's3cr3t-from-cmd'".into()),
            token_env: None,
            token_command: None,
            client_signing_key_path: None,
            client_signing_algorithm: None,
            audience: None,
            protected: false,
        };
        let c = credentials("dev", &t).unwrap();
        assert!(
            matches!(c.auth, Auth::ClientCredentials { ref secret, .. } if secret.expose() == "s3cr3t-from-cmd")
        );
        let bad = Tenant {
            client_secret_command: Some("echo leaked-value; exit 3".into()),
            ..t
        };
        let e = credentials("dev", &bad).unwrap_err().to_string();
        assert!(!e.contains("leaked-value"), "{e}");
    }
}

#[cfg(test)]
mod keys_tests {
    /// The manual's list of keys is the file's: a table with every one of
    /// them parses (the table refuses unknown keys), and none is missing.
    #[test]
    fn every_key_of_the_manual_is_a_key_of_the_file_and_back() {
        let mut table = String::from("domain = \"a.auth0.com\"\n");
        for (k, _) in super::KEYS.iter().filter(|(k, _)| *k != "domain") {
            let v = match *k {
                "protected" => "true",
                "client_signing_key_path" => "\"k.pem\"",
                _ => "\"x\"",
            };
            table += &format!("{k} = {v}\n");
        }
        let t: super::Tenant = toml::from_str(&table).expect("every key is known");
        // Debug prints every field: each is in KEYS.
        let shown = format!("{t:?}");
        let fields = shown.matches(": ").count();
        assert_eq!(fields, super::KEYS.len(), "{shown}");
    }
}
