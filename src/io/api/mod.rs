//! The Management API client: one agent (rustls with the platform's
//! verifier, proxies from the environment, explicit timeouts), a token fetched
//! once and kept in memory, retries where they are safe, and errors that say
//! what to do. Secrets never reach a message.
//!
//! Long (about 570 lines) on purpose: the client's one request loop (retries,
//! rate limits, lost answers, read-back) and its token handling keep SPEC
//! §4's failure rules in one place.

pub mod credentials;
pub mod endpoints;
pub mod plans;
pub mod push;
pub mod rollback;
pub mod seen;

use credentials::{Auth, Credentials, Secret};
use serde_json::{Value, json};
use std::sync::Mutex;
use std::time::Duration;

/// At most this many retries of a rate-limited or failed request.
pub const MAX_RETRIES: u32 = 3;
/// The longest connedit waits for a rate limit to reset.
pub const MAX_WAIT: Duration = Duration::from_secs(60);

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Credentials or domain are missing or wrong; nothing was sent.
    #[error("{0}")]
    Config(String),
    /// Auth0 answered with an error status.
    #[error("{message}")]
    Status {
        status: u16,
        message: String,
        auth0_message: String,
        error_code: Option<String>,
    },
    #[error("cannot reach {host}: {detail}")]
    Network { host: String, detail: String },
    /// No answer in time to a read.
    #[error("no answer from {host} in time ({detail})")]
    Timeout { host: String, detail: String },
    /// A 2xx whose body is not the JSON the endpoint promises (garbage, cut
    /// off, empty, too large): a failed read, never a value to write from.
    #[error("{host} answered {what} with {detail}: try again later")]
    BadBody {
        host: String,
        what: String,
        detail: String,
    },
    /// A write was sent and its answer lost (dropped connection, timeout,
    /// 502/503/504, an unreadable 2xx): whether it applied is unknown until
    /// the object is read back. Never repeated.
    #[error("the answer from {host} to the write was lost ({detail})")]
    Lost { host: String, detail: String },
    /// A connection came back without `options`: the token lacks
    /// `read:connections_options`, and the connection must not be the base
    /// of a write (a PATCH replaces `options` whole).
    #[error(
        "{what} on {host} came back without its options: the token lacks the scope read:connections_options (required since 2025-07-08 to read them); grant it to the application under Applications > APIs > Auth0 Management API. Nothing was sent"
    )]
    NoOptions { host: String, what: String },
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

/// The JSON a 2xx answer must be; anything else is a failed read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// An object with a non-empty string `id`.
    Object,
    /// An object holding an array under this key.
    ListIn(&'static str),
    /// An array, or an object holding one under this key (both are seen).
    List(&'static str),
    /// Nothing in particular (a DELETE's empty 204).
    Anything,
}

impl Expect {
    pub(crate) fn accepts(self, v: &Value) -> bool {
        match self {
            Expect::Object => v
                .get("id")
                .and_then(Value::as_str)
                .is_some_and(|id| !id.is_empty()),
            Expect::ListIn(key) => v.get(key).is_some_and(Value::is_array),
            Expect::List(key) => v.is_array() || v.get(key).is_some_and(Value::is_array),
            Expect::Anything => true,
        }
    }
}

/// The largest answer connedit reads (SPEC §4: over 10 MB is a failed read).
pub const MAX_BODY: u64 = 10 * 1024 * 1024;

/// One request: what it is for, so errors can say it in words.
pub struct Call<'a> {
    pub method: Method,
    /// Path and query below `/api/v2`, already encoded.
    pub path: String,
    pub body: Option<&'a Value>,
    /// The scope the endpoint needs (named when a 403 comes back).
    pub scope: &'static str,
    /// "connection profile cop_123", for 404s.
    pub what: String,
    /// What a 2xx answer must hold.
    pub expect: Expect,
}

/// A wait before a retry, reported every second so people see a countdown.
#[derive(Debug, Clone, Copy)]
pub struct Wait {
    pub total: Duration,
    pub remaining: Duration,
    pub attempt: u32,
    pub rate_limited: bool,
}

impl Wait {
    /// Why and how long, in words: "rate limited by Auth0; retrying in 3 s
    /// (attempt 1 of 4)".
    pub fn describe(&self) -> String {
        let why = if self.rate_limited {
            "rate limited by Auth0"
        } else {
            "request failed"
        };
        let secs = self.remaining.as_secs_f64().ceil() as u64;
        format!(
            "{why}; retrying in {secs} s (attempt {} of {MAX_RETRIES})",
            self.attempt
        )
    }

    /// The first report of this wait (it then counts down).
    pub fn starts(&self) -> bool {
        self.remaining == self.total
    }
}

type WaitFn = Box<dyn Fn(Wait) + Send + Sync>;

pub struct Client {
    agent: ureq::Agent,
    creds: Credentials,
    token: Mutex<Option<Secret>>,
    on_wait: WaitFn,
    /// Retry backoff base (shortened in tests of the client itself).
    backoff: Duration,
    /// The clock of waits: every wait (backoff, a rate limit's reset) takes
    /// `1 / time_scale` of its time. 1, except in tests.
    time_scale: u32,
    /// A proxy variable that is set but not a proxy URL: said at the first
    /// request, nothing sent (it was ignored without a word, and the
    /// requests went out directly).
    bad_proxy: Option<String>,
    /// Set when the editor drops the read under way (Esc): its waits end
    /// and no further read is made for it (a rate-limit wait of up to a
    /// minute held the next request behind it).
    cancel: Mutex<Option<std::sync::Arc<std::sync::atomic::AtomicBool>>>,
    /// The `X-Correlation-ID` of the writes being made (SPEC §1.5): set
    /// for one push by [`Client::correlate`] so its snapshot records it;
    /// a write without one gets a fresh one.
    correlation: Mutex<Option<String>>,
    /// The tenant's applications and when they were read: read again after
    /// a minute (a tree's diff asked for them once per connection; the
    /// editor's client lives for the session).
    pub(crate) applications: Mutex<Option<(std::time::Instant, Vec<crate::core::apps::App>)>>,
    /// Every connection with its options, listed once for a tree
    /// ([`Client::prefetch_connections`]): a search by name reads it
    /// instead of asking the tenant per file. A write's own re-read before
    /// sending never uses it.
    pub(crate) listed_connections: Mutex<Option<Vec<Value>>>,
}

/// A fresh correlation id: `connedit-` and 16 random bytes in hex.
pub fn new_correlation_id() -> String {
    let mut bytes = [0u8; 16];
    // Without randomness (never seen), the time still tells writes apart.
    if ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes).is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        bytes = nanos.to_be_bytes();
    }
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("connedit-{hex}")
}

/// The first proxy variable ureq reads that is set but not a URL it takes.
fn bad_proxy_variable() -> Option<String> {
    [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ]
    .iter()
    .find_map(|k| {
        let v = std::env::var(k).ok().filter(|v| !v.trim().is_empty())?;
        ureq::Proxy::new(&v).is_err().then(|| k.to_string())
    })
}

impl Client {
    pub fn new(creds: Credentials) -> Client {
        let timeout = creds.timeout;
        let tls = ureq::tls::TlsConfig::builder()
            .root_certs(ureq::tls::RootCerts::PlatformVerifier)
            .build();
        let agent = ureq::Agent::config_builder()
            .timeout_connect(Some(Duration::from_secs(10).min(timeout)))
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            // A redirect is never followed: a write would be sent again to
            // another host (with the token). It is an answer of its own.
            .max_redirects(0)
            .user_agent(format!("connedit/{}", env!("CARGO_PKG_VERSION")))
            // Plain http (loopback only) never goes through a proxy: the
            // token would cross it in clear.
            .proxy(if creds.base.starts_with("http://") {
                None
            } else {
                ureq::Proxy::try_from_env()
            })
            .tls_config(tls)
            .build()
            .into();
        let bad_proxy = if creds.base.starts_with("http://") {
            None
        } else {
            bad_proxy_variable()
        };
        Client {
            bad_proxy,
            time_scale: creds.time_scale.max(1),
            agent,
            creds,
            token: Mutex::new(None),
            on_wait: Box::new(|_| {}),
            backoff: Duration::from_millis(500),
            correlation: Mutex::new(None),
            cancel: Mutex::new(None),
            applications: Mutex::new(None),
            listed_connections: Mutex::new(None),
        }
    }

    /// Called every second of a wait before a retry.
    pub fn on_wait(mut self, f: impl Fn(Wait) + Send + Sync + 'static) -> Client {
        self.on_wait = Box::new(f);
        self
    }

    pub fn domain(&self) -> &str {
        &self.creds.domain
    }

    /// Text from the server, as a person may see it: without this client's
    /// secrets (or anything shaped like one) and terminal controls.
    pub fn scrub(&self, text: &str) -> String {
        let cached = self.token.lock().map(|t| t.clone()).unwrap_or(None);
        let mut secrets: Vec<&str> = Vec::new();
        match &self.creds.auth {
            Auth::Token(t) => secrets.push(t.expose()),
            Auth::ClientCredentials { secret, .. } => secrets.push(secret.expose()),
            // The key never leaves this process; its assertions are scrubbed
            // where they are sent.
            Auth::PrivateKeyJwt { .. } => {}
        }
        if let Some(t) = &cached {
            secrets.push(t.expose());
        }
        // And every secret option read or sent in this run, by value: a
        // server that echoes a body puts them under any key.
        seen::scrub(text, &secrets)
    }

    fn host_err(&self, e: ureq::Error) -> ApiError {
        let host = self.creds.domain.clone();
        match e {
            ureq::Error::Timeout(t) => ApiError::Timeout {
                host,
                detail: t.to_string(),
            },
            // Only the kind of failure: never the request, which may hold a secret.
            other => ApiError::Network {
                host,
                detail: network_detail(&other),
            },
        }
    }

    /// The access token: the configured one, or one fetched with the client
    /// credentials on first use and kept in memory only.
    fn token(&self, refresh: bool) -> Result<Secret, ApiError> {
        if let Some(var) = &self.bad_proxy {
            return Err(ApiError::Config(format!(
                "{var} is set but is not a proxy URL (http://host:port, socks5://host:port): fix or unset it; nothing was sent"
            )));
        }
        let mut cached = self.token.lock().expect("token lock");
        if let Some(t) = cached.as_ref().filter(|_| !refresh) {
            return Ok(t.clone());
        }
        // What the token request proves the client with, and the one secret
        // in play (scrubbed from whatever the server answers).
        let (body, secret, how) = match &self.creds.auth {
            Auth::Token(t) => return Ok(t.clone()),
            Auth::ClientCredentials {
                client_id,
                secret,
                audience,
            } => (
                json!({
                    "grant_type": "client_credentials",
                    "client_id": client_id,
                    "client_secret": secret.expose(),
                    "audience": audience,
                }),
                secret.clone(),
                "check AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET",
            ),
            Auth::PrivateKeyJwt {
                client_id,
                key_path,
                algorithm,
                audience,
            } => {
                let assertion = credentials::client_assertion(
                    client_id,
                    &self.creds.domain,
                    key_path,
                    *algorithm,
                )?;
                (
                    json!({
                        "grant_type": "client_credentials",
                        "client_id": client_id,
                        "client_assertion": assertion.expose(),
                        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        "audience": audience,
                    }),
                    assertion,
                    "check AUTH0_CLIENT_ID, that the key is the one registered for it (Private Key JWT) and its algorithm",
                )
            }
        };
        let url = format!("{}/oauth/token", self.creds.base);
        // A token request changes nothing: a 429 is waited out (as its
        // headers ask), a 5xx or a failed connection retried with backoff,
        // at most MAX_RETRIES times; neither is blamed on the credentials.
        let mut attempt = 0;
        let (status, value) = loop {
            let sent = self
                .agent
                .post(&url)
                .header("Accept", "application/json")
                .send_json(&body);
            let mut resp = match sent {
                Ok(r) => r,
                Err(e) if attempt < MAX_RETRIES && retryable(&e) => {
                    attempt += 1;
                    self.wait(self.backoff * 2u32.pow(attempt - 1), attempt, false);
                    continue;
                }
                Err(e) => return Err(self.host_err(e)),
            };
            let status = resp.status().as_u16();
            let headers = resp.headers().clone();
            let text = resp
                .body_mut()
                .with_config()
                .limit(MAX_BODY)
                .read_to_string();
            match status {
                429 if attempt < MAX_RETRIES => {
                    attempt += 1;
                    self.wait(rate_limit_wait(&headers), attempt, true);
                    continue;
                }
                500..=599 if attempt < MAX_RETRIES => {
                    attempt += 1;
                    self.wait(self.backoff * 2u32.pow(attempt - 1), attempt, false);
                    continue;
                }
                _ => {}
            }
            let text = match text {
                Ok(t) => t,
                // A body cut off or too slow is the network's doing.
                Err(e) => {
                    return Err(ApiError::Network {
                        host: self.creds.domain.clone(),
                        detail: format!(
                            "the token endpoint's answer was cut off or too slow ({})",
                            network_detail(&e)
                        ),
                    });
                }
            };
            break (
                status,
                serde_json::from_str::<Value>(&text).unwrap_or(Value::Null),
            );
        };
        if (300..400).contains(&status) {
            return Err(ApiError::Config(format!(
                "the token endpoint answered {status}, a redirect: connedit does not follow redirects; check AUTH0_DOMAIN (the tenant's domain or its custom domain)"
            )));
        }
        if status == 429 {
            return Err(ApiError::Config(format!(
                "the tenant's token endpoint is still rate limiting after {MAX_RETRIES} retries (429): no token could be had; try again in a minute"
            )));
        }
        if status != 200 {
            // The token lock is held here: scrub with the one secret in play.
            let detail = crate::core::scrub::scrub(
                value
                    .get("error_description")
                    .or(value.get("error"))
                    .and_then(Value::as_str)
                    .unwrap_or("refused"),
                &[secret.expose()],
            );
            // Credentials, not the document: exit 2 whatever the status (SPEC §3).
            if status >= 500 {
                return Err(ApiError::Config(format!(
                    "the tenant's token endpoint failed ({status}: {detail}) after {MAX_RETRIES} retries: no token could be had; try again"
                )));
            }
            return Err(ApiError::Config(format!(
                "the client credentials were refused ({status}: {detail}): {how}, and that the application is authorized for the Management API"
            )));
        }
        let token = value
            .get("access_token")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                ApiError::Config("the token endpoint answered without an access_token".to_string())
            })?;
        let token = Secret::new(token);
        *cached = Some(token.clone());
        Ok(token)
    }

    /// Sends a request, retrying what is safe to retry: a 429 after the
    /// advertised reset (at most [`MAX_RETRIES`] times, at most [`MAX_WAIT`]),
    /// and for GET a 5xx or a network failure, with backoff. A write whose
    /// outcome is unknown is never repeated: the caller re-reads instead.
    /// The writes from now on carry `id` as their `X-Correlation-ID`
    /// (`None`: each its own fresh one).
    pub fn correlate(&self, id: Option<String>) {
        *self.correlation.lock().unwrap_or_else(|e| e.into_inner()) = id;
    }

    pub fn call(&self, call: &Call) -> Result<Value, ApiError> {
        let url = format!("{}/api/v2{}", self.creds.base, call.path);
        // A write is counted as sent before the stop is looked at: whoever
        // asks after a Ctrl-C either sees it counted, or it is not sent.
        if call.method != Method::Get {
            writes::WRITES.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            if writes::STOP.load(std::sync::atomic::Ordering::SeqCst) {
                writes::WRITES.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                return Err(ApiError::Config(
                    "interrupted (Ctrl-C) before this write was sent: nothing more is sent".into(),
                ));
            }
        }
        let correlation = (call.method != Method::Get).then(|| {
            self.correlation
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone()
                .unwrap_or_else(new_correlation_id)
        });
        let correlation = correlation.as_deref().unwrap_or("");
        if let Some(body) = call.body {
            seen::remember(body);
        }
        let mut attempt = 0;
        let mut refreshed = false;
        loop {
            // A dropped read goes no further (a write is never dropped: the
            // editor cancels reads only).
            if call.method == Method::Get && self.cancelled() {
                return Err(ApiError::Config("cancelled".into()));
            }
            let token = self.token(false)?;
            let auth = format!("Bearer {}", token.expose());
            let result = match (call.method, call.body) {
                (Method::Get, _) => self
                    .agent
                    .get(&url)
                    .header("Authorization", &auth)
                    .header("Accept", "application/json")
                    .call(),
                (Method::Delete, _) => self
                    .agent
                    .delete(&url)
                    .header("Authorization", &auth)
                    .header("X-Correlation-ID", correlation)
                    .call(),
                (m, body) => {
                    let req = match m {
                        Method::Post => self.agent.post(&url),
                        _ => self.agent.patch(&url),
                    };
                    req.header("Authorization", &auth)
                        .header("Accept", "application/json")
                        .header("X-Correlation-ID", correlation)
                        .send_json(body.unwrap_or(&Value::Null))
                }
            };
            let is_get = call.method == Method::Get;
            let retry = |attempt: &mut u32| {
                *attempt += 1;
                self.wait(self.backoff * 2u32.pow(*attempt - 1), *attempt, false);
            };
            let mut resp = match result {
                Ok(r) => r,
                Err(e) => {
                    // Refused before anything was sent: not a lost write.
                    let unsent =
                        matches!(e, ureq::Error::HostNotFound | ureq::Error::ConnectionFailed)
                            || matches!(
                                e,
                                ureq::Error::Timeout(
                                    ureq::Timeout::Connect | ureq::Timeout::Resolve
                                )
                            );
                    let again = retryable(&e);
                    let err = self.host_err(e);
                    if is_get && again && attempt < MAX_RETRIES {
                        retry(&mut attempt);
                        continue;
                    }
                    if !is_get && !unsent {
                        return Err(self.lost(&err.to_string()));
                    }
                    return Err(err);
                }
            };
            let status = resp.status().as_u16();
            let headers = resp.headers().clone();
            let text = resp
                .body_mut()
                .with_config()
                .limit(MAX_BODY)
                .read_to_string();
            if (200..300).contains(&status) {
                let parsed = match &text {
                    Ok(t) if t.trim().is_empty() => Err("an empty body".to_string()),
                    Ok(t) => serde_json::from_str::<Value>(t)
                        .map_err(|e| format!("a body that is not JSON ({e})")),
                    Err(ureq::Error::BodyExceedsLimit(_)) => {
                        Err(format!("a body over {} MB", MAX_BODY / 1024 / 1024))
                    }
                    Err(e) => Err(format!("a body cut off ({})", network_detail(e))),
                };
                let parsed = parsed.and_then(|v| {
                    if call.expect.accepts(&v) {
                        Ok(v)
                    } else {
                        Err("a body that is not what the endpoint returns".to_string())
                    }
                });
                match parsed {
                    Ok(v) => {
                        seen::remember(&v);
                        return Ok(v);
                    }
                    // A DELETE's answer is empty.
                    Err(_) if call.expect == Expect::Anything => return Ok(Value::Null),
                    Err(detail) if is_get => {
                        if attempt < MAX_RETRIES {
                            retry(&mut attempt);
                            continue;
                        }
                        return Err(ApiError::BadBody {
                            host: self.creds.domain.clone(),
                            what: format!("{status} to the read of {}", call.what),
                            detail,
                        });
                    }
                    // The write was taken (2xx), but what it made is unknown.
                    Err(detail) => return Err(self.lost(&format!("{status} with {detail}"))),
                }
            }
            let body: Value = text
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or(Value::Null);
            match status {
                429 if attempt < MAX_RETRIES => {
                    attempt += 1;
                    self.wait(rate_limit_wait(&headers), attempt, true);
                }
                500..=599 if is_get && attempt < MAX_RETRIES => retry(&mut attempt),
                // A 5xx says nothing of whether the write was applied (a 500
                // can come after it was): read back, never resend.
                500..=599 if !is_get => {
                    return Err(self.lost(&format!(
                        "{status} {}",
                        if (502..=504).contains(&status) {
                            "from a gateway"
                        } else {
                            "from the tenant"
                        }
                    )));
                }
                401 if !refreshed && !matches!(self.creds.auth, Auth::Token(_)) => {
                    // The cached token may have expired: fetch one more.
                    refreshed = true;
                    self.token(true)?;
                }
                _ => return Err(self.status_error(status, &body, call)),
            }
        }
    }

    fn lost(&self, detail: &str) -> ApiError {
        ApiError::Lost {
            host: self.creds.domain.clone(),
            detail: detail.to_string(),
        }
    }

    /// The flag that drops the reads of the job under way (`None`: none).
    pub fn cancel_with(&self, flag: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>) {
        *self.cancel.lock().unwrap_or_else(|e| e.into_inner()) = flag;
    }

    fn cancelled(&self) -> bool {
        self.cancel
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .is_some_and(|f| f.load(std::sync::atomic::Ordering::Relaxed))
    }

    fn wait(&self, total: Duration, attempt: u32, rate_limited: bool) {
        let mut remaining = total;
        while !remaining.is_zero() && !self.cancelled() {
            (self.on_wait)(Wait {
                total,
                remaining,
                attempt,
                rate_limited,
            });
            let step = remaining.min(Duration::from_secs(1));
            std::thread::sleep(step / self.time_scale);
            remaining -= step;
        }
    }

    fn status_error(&self, status: u16, body: &Value, call: &Call) -> ApiError {
        let auth0 = self.scrub(body.get("message").and_then(Value::as_str).unwrap_or(""));
        let code = body
            .get("errorCode")
            .and_then(Value::as_str)
            .map(str::to_string);
        let domain = &self.creds.domain;
        let message = match (status, code.as_deref()) {
            (403, Some("feature_not_enabled")) => {
                format!(
                    "Connection Profiles are not enabled on the tenant {domain} (403 feature_not_enabled)"
                )
            }
            (401, _) => format!(
                "{domain} refused the token (401{}): it is invalid or expired; check AUTH0_ACCESS_TOKEN or the client credentials",
                if auth0.is_empty() {
                    String::new()
                } else {
                    format!(": {auth0}")
                }
            ),
            // Only a 403 that says so is a missing scope (Auth0: "Insufficient
            // scope, expected any of: …"); others are said as they are.
            (403, _) if auth0.to_ascii_lowercase().contains("scope") || auth0.is_empty() => {
                let scope = auth0
                    .split("expected any of:")
                    .nth(1)
                    .map(|s| s.trim().trim_end_matches('.').to_string());
                format!(
                    "the token lacks the scope {} (403): grant it to the application under Applications > APIs > Auth0 Management API",
                    scope.unwrap_or_else(|| call.scope.to_string())
                )
            }
            (403, _) => format!("{domain} refused it (403): {auth0}"),
            (300..=399, _) => format!(
                "{domain} answered {status}, a redirect: connedit does not follow redirects (a write would be sent twice, the token to another host); check AUTH0_DOMAIN or the tenant's custom domain"
            ),
            (404, _) => format!("{} does not exist on {domain} (404)", call.what),
            (409, _) => format!("{domain} refused it as a conflict (409): {auth0}"),
            (429, _) => format!(
                "{domain} is still rate limiting after {MAX_RETRIES} retries (429): try again in a minute"
            ),
            (400, _) => format!("{domain} refused the request (400): {auth0}"),
            (s, _) if s >= 500 => format!(
                "{domain} failed ({s}{}): try again later",
                if auth0.is_empty() {
                    String::new()
                } else {
                    format!(": {auth0}")
                }
            ),
            (s, _) => format!("{domain} answered {s}: {auth0}"),
        };
        ApiError::Status {
            status,
            message,
            auth0_message: auth0,
            error_code: code,
        }
    }
}

/// How long a 429 asks to wait: `Retry-After` (seconds), else until
/// `X-RateLimit-Reset` (epoch seconds), at least one second, capped.
fn rate_limit_wait(headers: &ureq::http::HeaderMap) -> Duration {
    let num = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|s| s.trim().parse::<u64>().ok())
    };
    let secs = num("retry-after").or_else(|| {
        let reset = num("x-ratelimit-reset")?;
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_secs();
        Some(reset.saturating_sub(now))
    });
    Duration::from_secs(secs.unwrap_or(1).max(1)).min(MAX_WAIT)
}

/// Whether a failure to talk to the host may pass if tried again: a
/// timeout, a dropped or refused connection, a resolver that could not
/// answer for now. A name that does not exist, a certificate not trusted, a
/// malformed URL or proxy fail the same way every time: retrying them only
/// made the user wait through the backoff (issue 26).
fn retryable(e: &ureq::Error) -> bool {
    match e {
        ureq::Error::Timeout(_) | ureq::Error::ConnectionFailed => true,
        ureq::Error::Io(io) => {
            let inner = io
                .get_ref()
                .map(|i| i.to_string())
                .unwrap_or_else(|| io.to_string());
            // EAI_AGAIN ("Temporary failure in name resolution") may pass;
            // a name the resolver does not know will not.
            let unknown_name = (inner.contains("lookup address") || inner.contains("resolve"))
                && !inner.contains("Temporary failure");
            !unknown_name && io.kind() != std::io::ErrorKind::InvalidData
        }
        _ => false,
    }
}

fn network_detail(e: &ureq::Error) -> String {
    match e {
        ureq::Error::HostNotFound => "host not found".to_string(),
        ureq::Error::ConnectionFailed => "connection failed".to_string(),
        // The error's own words (a certificate not trusted, a reset), not
        // only its kind ("invalid data" said nothing of a self-signed
        // certificate). Network errors hold no request data.
        ureq::Error::Io(io) => {
            use std::io::ErrorKind as K;
            let inner = io
                .get_ref()
                .map(|i| i.to_string())
                .unwrap_or_else(|| io.to_string());
            // Words a person can act on; the kind's own name ("uncategorized
            // error", "invalid data") says nothing (issue 30).
            let what = if inner.contains("lookup address") || inner.contains("resolve") {
                "the host name does not resolve (check AUTH0_DOMAIN, the DNS, the proxy)"
            } else {
                match io.kind() {
                    K::TimedOut | K::WouldBlock => "no answer in time",
                    K::ConnectionRefused => "the connection was refused (nothing listens there)",
                    K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe => {
                        "the connection was dropped"
                    }
                    K::UnexpectedEof => "the answer was cut off",
                    K::InvalidData => "the answer could not be read",
                    K::PermissionDenied => "the system refused the connection",
                    _ => "",
                }
            };
            match (what, inner.is_empty()) {
                ("", _) => inner,
                (w, true) => w.to_string(),
                (w, false) => format!("{w}: {inner}"),
            }
        }
        ureq::Error::Tls(t) => format!("TLS: {t}"),
        ureq::Error::ConnectProxyFailed(why) => {
            format!("the proxy could not be reached or refused the connection ({why})")
        }
        other => other.to_string(),
    }
}

/// Writes sent in this process, and the stop a Ctrl-C sets (issue 30: an
/// interrupt must not claim a write was sent when only reads were).
pub mod writes {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

    /// Writes started (a POST, PATCH or DELETE on its way or answered).
    pub static WRITES: AtomicUsize = AtomicUsize::new(0);
    /// No write is started once this is set.
    pub static STOP: AtomicBool = AtomicBool::new(false);

    /// Stops further writes; whether one was already started.
    pub fn stop() -> bool {
        STOP.store(true, Ordering::SeqCst);
        WRITES.load(Ordering::SeqCst) > 0
    }
}

/// Percent-encodes a path segment or query value.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_failures_say_what_happened() {
        use std::io::{Error, ErrorKind};
        let io = |k, m: &str| ureq::Error::Io(Error::new(k, m.to_string()));
        let dns = network_detail(&io(
            ErrorKind::Other,
            "failed to lookup address information: Name or service not known",
        ));
        assert!(dns.starts_with("the host name does not resolve"), "{dns}");
        let slow = network_detail(&ureq::Error::Io(Error::from(ErrorKind::TimedOut)));
        assert!(slow.starts_with("no answer in time"), "{slow}");
        // A name that does not exist is not tried again; a resolver that
        // could not answer for now, a reset or a timeout is.
        assert!(!retryable(&io(
            ErrorKind::Other,
            "failed to lookup address information: Name or service not known",
        )));
        assert!(retryable(&io(
            ErrorKind::Other,
            "failed to lookup address information: Temporary failure in name resolution",
        )));
        assert!(retryable(&io(ErrorKind::ConnectionReset, "reset")));
        assert!(retryable(&ureq::Error::ConnectionFailed));
        assert!(!retryable(&ureq::Error::HostNotFound));
        assert!(!retryable(&io(
            ErrorKind::InvalidData,
            "invalid peer certificate: UnknownIssuer"
        )));
        let bad = network_detail(&io(ErrorKind::InvalidData, "bad chunk"));
        assert_eq!(bad, "the answer could not be read: bad chunk");
        for text in [dns, slow, bad] {
            assert!(
                !text.contains("uncategorized") && !text.contains("invalid data"),
                "{text}"
            );
        }
    }

    #[test]
    fn encodes_path_segments() {
        assert_eq!(encode("cop_1"), "cop_1");
        assert_eq!(encode("a b/c"), "a%20b%2Fc");
    }
}
