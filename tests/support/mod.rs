//! A stand-in Auth0 Management API on 127.0.0.1, written from Auth0's
//! documented behaviour (SPEC §4, the OpenAPI document): the token endpoint,
//! bearer tokens and scopes, connection-profile CRUD and templates validated
//! against the published schema (an independent oracle: the `jsonschema`
//! crate, not connedit's core), 409 on a duplicate name, checkpoint paging
//! with `take` 1–10, `strategy_overrides: null` when unset, connections whose
//! `options` a PATCH replaces whole and whose `name`/`strategy` it refuses,
//! 429 with rate-limit headers and stalled answers on demand, connections
//! without `options` for a token lacking `read:connections_options`, and
//! injected faults ([`Fault`]): dropped connections and gateway errors after
//! a write was applied, garbage, cut-off, empty and oversized bodies, errors
//! that echo the request (its `Authorization` header and body), slow bodies.
#![allow(dead_code)]

pub mod editor;

use serde_json::{Map, Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const CLIENT_ID: &str = "standin-client";
/// A secret that must never appear in any output.
pub const CLIENT_SECRET: &str = "s3cr3t-DO-NOT-PRINT-9f2c";

pub const ALL_SCOPES: &[&str] = &[
    "read:connection_profiles",
    "create:connection_profiles",
    "update:connection_profiles",
    "delete:connection_profiles",
    "read:connections",
    "read:connections_options",
    "update:connections",
    "create:connections",
    "read:clients",
];

/// A change someone else makes to the tenant, between two requests.
pub type Colleague = Box<dyn FnOnce(&mut State) + Send>;

/// A fault injected into the next request of a kind ([`On`]).
#[derive(Debug, Clone)]
pub enum Fault {
    /// The write is applied, then the connection is closed unanswered.
    DropAfterApply,
    /// The write is applied, then this status (a gateway's 502/503/504) answers.
    StatusAfterApply(u16),
    /// Answered 200 with this text as the body (garbage, empty, `null`, …);
    /// a write is applied first.
    Body(String),
    /// Answered 200 with the real body cut in half (its declared length kept);
    /// a write is applied first.
    Truncated,
    /// Answered 200 with a body over 10 MB (valid JSON).
    Oversize,
    /// Answered with this status (a 503, say) without applying anything.
    Refuse(u16),
    /// Answered 400 with a message that echoes the request's headers and body
    /// (as some proxies and misconfigured servers do); nothing applied.
    Echo,
    /// The real answer, one byte every this long.
    Slow(Duration),
}

/// Which requests a fault is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum On {
    Get,
    Write,
    Token,
}

#[derive(Debug, Clone)]
pub struct Logged {
    pub method: String,
    pub path: String,
    pub body: Option<Value>,
    /// The request's `X-Correlation-ID`, if it had one.
    pub correlation: Option<String>,
}

pub struct State {
    /// Scopes granted to tokens issued from now on.
    pub scopes: Vec<String>,
    tokens: Vec<(String, Vec<String>)>,
    pub profiles: Vec<Value>,
    pub templates: Vec<Value>,
    pub connections: Vec<Value>,
    /// The tenant's applications, `{client_id, name, …}`. Which ones a
    /// connection is enabled for is kept in the stored connection's
    /// `enabled_clients` (ids), which no GET shows and no body may carry
    /// (end of life 2026-07-13): only `/connections/{id}/clients` reads and
    /// changes it.
    pub clients: Vec<Value>,
    /// Changes made right after a request whose method and path (below
    /// `/api/v2`, without the query) match, once each: a colleague writing
    /// between two of connedit's requests.
    pub colleagues: Vec<(String, String, Colleague)>,
    /// The next this-many API requests are answered 429.
    pub throttle: u32,
    /// Seconds until the rate limit resets, as a 429 says (1 unless set).
    pub throttle_reset: u64,
    /// The next this-many API requests are answered 503.
    pub fail: u32,
    /// The next write is applied, then answered only after this long.
    pub stall: Option<Duration>,
    /// The next read is answered only after this long.
    pub stall_read: Option<Duration>,
    pub profiles_enabled: bool,
    pub log: Vec<Logged>,
    /// Faults for the next matching requests, first match first.
    pub faults: Vec<(On, Fault)>,
    /// Store `options.configuration` values encrypted (as Auth0 does): a
    /// value not yet `enc:`-prefixed is stored prefixed.
    pub encrypt_configuration: bool,
    /// The public key registered for CLIENT_ID's Private Key JWT (PEM).
    pub assertion_key: String,
    /// Client assertion ids already used: a replay is refused.
    pub seen_jti: Vec<String>,
    /// The audience assertions must name: `https://{host:port}/`.
    audience: String,
    next_id: u64,
}

pub struct StandIn {
    pub addr: SocketAddr,
    pub state: Arc<Mutex<State>>,
    /// Where connedit processes run against this server keep snapshots.
    pub state_home: tempfile::TempDir,
}

impl StandIn {
    pub fn start() -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().unwrap();
        let state = Arc::new(Mutex::new(State {
            scopes: ALL_SCOPES.iter().map(|s| s.to_string()).collect(),
            tokens: Vec::new(),
            profiles: Vec::new(),
            templates: vec![json!({
                "id": "cpt_okta",
                "display_name": "Okta Express Configuration",
                "template": {"name": "okta-express", "organization": {"show_as_button": "optional", "assign_membership_on_login": "required"},
                              "connection_name_prefix_template": "okta-{org_id}-", "enabled_features": ["scim", "universal_logout"]}
            })],
            connections: Vec::new(),
            clients: vec![
                json!({"client_id": "app1", "name": "Default App"}),
                json!({"client_id": "app2", "name": "Storefront"}),
                json!({"client_id": "app3", "name": "Back Office"}),
            ],
            colleagues: Vec::new(),
            throttle: 0,
            throttle_reset: 1,
            fail: 0,
            stall: None,
            stall_read: None,
            profiles_enabled: true,
            log: Vec::new(),
            faults: Vec::new(),
            encrypt_configuration: false,
            assertion_key: std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("tests/fixtures/jwt/test-client-key.rsa-pub.pem"),
            )
            .expect("the test client's public key"),
            seen_jti: Vec::new(),
            audience: format!("https://{addr}/"),
            next_id: 1,
        }));
        let shared = state.clone();
        let schemas = Arc::new(Schemas::load());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = shared.clone();
                let schemas = schemas.clone();
                std::thread::spawn(move || {
                    let _ = handle(stream, &state, &schemas);
                });
            }
        });
        StandIn {
            addr,
            state,
            state_home: tempfile::tempdir().unwrap(),
        }
    }

    /// The snapshot store connedit uses in these tests.
    pub fn store(&self) -> connedit::io::snapshots::Store {
        connedit::io::snapshots::Store::at(
            self.state_home.path().join("connedit").join("snapshots"),
        )
    }

    /// The environment a connedit process needs to talk to this server.
    pub fn env(&self) -> Vec<(String, String)> {
        vec![
            ("AUTH0_DOMAIN".into(), format!("http://{}", self.addr)),
            ("AUTH0_CLIENT_ID".into(), CLIENT_ID.into()),
            ("AUTH0_CLIENT_SECRET".into(), CLIENT_SECRET.into()),
            // The tests' clock: retries' backoff and rate-limit waits take a
            // fiftieth of their time (a debug build's knob; the countdown
            // still counts each second).
            ("CONNEDIT_TEST_TIME_SCALE".into(), "50".into()),
            (
                "XDG_STATE_HOME".into(),
                self.state_home.path().display().to_string(),
            ),
        ]
    }

    pub fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap()
    }

    /// Stores a profile as the server would return it; returns its id.
    pub fn add_profile(&self, body: Value) -> String {
        let mut s = self.state();
        let id = s.new_id("cop");
        let p = stored_profile(&id, body.as_object().unwrap());
        s.profiles.push(p);
        id
    }

    pub fn add_connection(&self, conn: Value) -> String {
        let mut s = self.state();
        let id = s.new_id("con");
        let mut c = conn.as_object().unwrap().clone();
        c.insert("id".into(), json!(id));
        s.connections.push(Value::Object(c));
        id
    }

    /// The next request of kind `on` meets `fault`.
    pub fn inject(&self, on: On, fault: Fault) {
        self.state().faults.push((on, fault));
    }

    /// Right after the next `method` request to `path` (below `/api/v2`),
    /// `change` is made to the tenant, as a colleague would.
    pub fn after_next(
        &self,
        method: &str,
        path: &str,
        change: impl FnOnce(&mut State) + Send + 'static,
    ) {
        self.state()
            .colleagues
            .push((method.into(), path.into(), Box::new(change)));
    }

    /// The client ids the connection `id` is enabled for.
    pub fn enabled(&self, id: &str) -> Vec<String> {
        enabled_of(&self.connection(id))
    }

    /// Tokens issued from now on lack `scope`.
    pub fn revoke(&self, scope: &str) {
        self.state().scopes.retain(|s| s != scope);
    }

    pub fn connection(&self, id: &str) -> Value {
        self.state()
            .connections
            .iter()
            .find(|c| c["id"] == id)
            .cloned()
            .expect("connection")
    }

    pub fn issued_tokens(&self) -> Vec<String> {
        self.state().tokens.iter().map(|(t, _)| t.clone()).collect()
    }

    pub fn writes(&self) -> Vec<Logged> {
        self.state()
            .log
            .iter()
            .filter(|l| l.method != "GET" && l.path != "/oauth/token")
            .cloned()
            .collect()
    }
}

impl State {
    fn new_id(&mut self, prefix: &str) -> String {
        self.next_id += 1;
        format!("{prefix}_{:016}", self.next_id)
    }
}

/// Private Key JWT as Auth0 documents it (RFC 7523): the assertion is a JWS
/// signed with the client's registered key (RS256, RS384 or PS256), `iss`
/// and `sub` are the client id, `aud` the tenant's `https://{domain}/`, `exp`
/// at most five minutes ahead and not past, and a `jti` is never accepted
/// twice. The signature is verified with ring and the registered public key.
fn check_assertion(s: &mut State, b: &Value) -> Result<(), String> {
    use base64::Engine;
    use ring::signature as sig;
    if b["grant_type"] != "client_credentials"
        || b["client_assertion_type"] != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    {
        return Err("unsupported client assertion type".into());
    }
    if b["client_id"] != CLIENT_ID {
        return Err("Unknown client".into());
    }
    let token = b["client_assertion"]
        .as_str()
        .ok_or("client_assertion must be a string")?;
    let parts: Vec<&str> = token.split('.').collect();
    let [h, c, signature] = parts[..] else {
        return Err("malformed assertion".into());
    };
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let decode = |p: &str| b64.decode(p).map_err(|_| "malformed assertion".to_string());
    let header: Value = serde_json::from_slice(&decode(h)?).map_err(|_| "malformed assertion")?;
    let claims: Value = serde_json::from_slice(&decode(c)?).map_err(|_| "malformed assertion")?;
    let alg: &dyn sig::VerificationAlgorithm = match header["alg"].as_str() {
        Some("RS256") => &sig::RSA_PKCS1_2048_8192_SHA256,
        Some("RS384") => &sig::RSA_PKCS1_2048_8192_SHA384,
        Some("PS256") => &sig::RSA_PSS_2048_8192_SHA256,
        other => return Err(format!("algorithm {other:?} is not allowed")),
    };
    let key_der = {
        let body: String = s
            .assertion_key
            .lines()
            .filter(|l| !l.starts_with("-----"))
            .collect();
        base64::engine::general_purpose::STANDARD
            .decode(body)
            .map_err(|e| e.to_string())?
    };
    sig::UnparsedPublicKey::new(alg, &key_der)
        .verify(format!("{h}.{c}").as_bytes(), &decode(signature)?)
        .map_err(|_| "Invalid client assertion: the signature does not verify".to_string())?;
    if claims["iss"] != CLIENT_ID || claims["sub"] != CLIENT_ID {
        return Err("Invalid client assertion: iss and sub must be the client id".into());
    }
    if claims["aud"] != s.audience.as_str() {
        return Err(format!(
            "Invalid client assertion: aud must be {}",
            s.audience
        ));
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    match claims["exp"].as_u64() {
        Some(exp) if exp > now + 300 => return Err("exp is more than five minutes ahead".into()),
        Some(exp) if exp <= now => return Err("Invalid client assertion: expired".into()),
        None => return Err("Invalid client assertion: exp is required".into()),
        _ => {}
    }
    if claims["iat"].as_u64().is_none() {
        return Err("Invalid client assertion: iat is required".into());
    }
    let jti = claims["jti"]
        .as_str()
        .ok_or("jti must be a string")?
        .to_string();
    if s.seen_jti.contains(&jti) {
        return Err("jti has already been used".into());
    }
    s.seen_jti.push(jti);
    Ok(())
}

/// Every key the server returns for a profile, `null` when never set.
fn stored_profile(id: &str, body: &Map<String, Value>) -> Value {
    let mut p = Map::new();
    p.insert("id".into(), json!(id));
    for k in [
        "name",
        "organization",
        "connection_name_prefix_template",
        "enabled_features",
        "connection_config",
        "strategy_overrides",
    ] {
        p.insert(k.into(), body.get(k).cloned().unwrap_or(Value::Null));
    }
    for k in ["provisioning", "cross_app_access_resource_app"] {
        if let Some(v) = body.get(k) {
            p.insert(k.into(), v.clone());
        }
    }
    Value::Object(p)
}

struct Schemas {
    create: jsonschema::Validator,
    update: jsonschema::Validator,
    /// `UpdateConnectionRequestContent` (top level; `options` judged apart).
    connection_update: jsonschema::Validator,
    /// `CreateConnectionRequestContent` (top level; `options` judged apart).
    connection_create: jsonschema::Validator,
    /// `ConnectionOptionsAuth0`, for database connections' options.
    auth0_options: jsonschema::Validator,
}

impl Schemas {
    fn load() -> Schemas {
        let text = include_str!("../fixtures/openapi-connection-profiles.json")
            .replace("|{org_id}|{org_name})", r"|\\{org_id\\}|\\{org_name\\})");
        let mut extract: Value = serde_json::from_str(&text).unwrap();
        // Newer than the published document (Node SDK 7.x types): accepted by live tenants.
        let tokens = json!({"type": "object", "additionalProperties": false, "required": ["scopes"], "properties": {
            "scopes": {"type": "array", "items": {"enum": ["get:users", "post:users", "patch:users", "delete:users", "put:users"]}},
            "default_expiry": {"type": ["integer", "null"]}, "max_allowed_expiry": {"type": ["integer", "null"]}}});
        let provisioning = json!({"type": "object", "additionalProperties": false, "properties": {
            "scim": {"type": "object", "additionalProperties": false, "required": ["tokens"], "properties": {"tokens": tokens}}}});
        let xaa = json!({"type": ["object", "null"], "additionalProperties": false, "required": ["status"], "properties": {
            "status": {"type": "object", "additionalProperties": false, "required": ["default_value"], "properties": {
                "default_value": {"enum": ["enabled", "disabled"]},
                "allowed_values": {"type": "array", "minItems": 2, "uniqueItems": true, "items": {"enum": ["enabled", "disabled"]}}}}}});
        for name in [
            "CreateConnectionProfileRequestContent",
            "UpdateConnectionProfileRequestContent",
        ] {
            let props = extract["schemas"][name]["properties"]
                .as_object_mut()
                .unwrap();
            props.insert("provisioning".into(), provisioning.clone());
            props.insert("cross_app_access_resource_app".into(), xaa.clone());
        }
        extract["schemas"]["ConnectionProfileStrategyOverride"]["properties"]
            .as_object_mut()
            .unwrap()
            .insert("provisioning".into(), provisioning.clone());
        // Live tenants accept `strategy_overrides: null` (SPEC §2 delta).
        extract["schemas"]["ConnectionProfileStrategyOverrides"]["type"] =
            json!(["object", "null"]);
        let schemas = extract["schemas"].clone();
        let build = |name: &str| {
            jsonschema::validator_for(&json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$ref": format!("#/components/schemas/{name}"),
                "components": {"schemas": schemas},
            }))
            .unwrap()
        };
        let conn: Value =
            serde_json::from_str(include_str!("../fixtures/openapi-connection-bodies.json"))
                .unwrap();
        let build_conn = |name: &str| {
            jsonschema::validator_for(&json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$ref": format!("#/components/schemas/{name}"),
                "components": {"schemas": conn["schemas"]},
            }))
            .unwrap()
        };
        Schemas {
            create: build("CreateConnectionProfileRequestContent"),
            update: build("UpdateConnectionProfileRequestContent"),
            connection_update: build_conn("UpdateConnectionRequestContent"),
            connection_create: build_conn("CreateConnectionRequestContent"),
            auth0_options: build_conn("ConnectionOptionsAuth0"),
        }
    }
}

/// Auth0's message for the first schema violation, in its own words.
fn payload_error(v: &jsonschema::Validator, body: &Value) -> Option<String> {
    use jsonschema::error::ValidationErrorKind as K;
    let e = v.iter_errors(body).next()?;
    let instance = e.instance().clone().into_owned();
    let what = match e.kind() {
        K::MaxLength { limit } => format!(
            "String is too long ({} chars), maximum {limit}",
            instance.as_str().map_or(0, |s| s.chars().count())
        ),
        K::MinLength { limit } => format!(
            "String is too short ({} chars), minimum {limit}",
            instance.as_str().map_or(0, |s| s.chars().count())
        ),
        K::Enum { .. } => format!("No enum match for: {instance}"),
        K::AdditionalProperties { unexpected } => format!(
            "Additional properties not allowed: {}",
            unexpected.join(",")
        ),
        K::Required { property } => format!(
            "Missing required property: {}",
            property.as_str().unwrap_or("")
        ),
        K::Type { .. } => format!("Expected type object but found type {}", type_of(&instance)),
        K::Pattern { pattern } => format!(
            "String does not match pattern {pattern}: {}",
            instance.as_str().unwrap_or("")
        ),
        K::UniqueItems => "Array items are not unique".to_string(),
        K::MinItems { limit } => format!("Array is too short, minimum {limit}"),
        other => format!("{other:?}"),
    };
    let path = e.instance_path().to_string();
    let property = path.trim_start_matches('/').replace('/', ".");
    Some(format!(
        "Payload validation error: '{what}' on property {property} (invalid body)."
    ))
}

fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

struct Request {
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Value>,
    raw_body: String,
}

struct Response {
    status: u16,
    body: Option<Value>,
    headers: Vec<(String, String)>,
}

fn reply(status: u16, body: Value) -> Response {
    Response {
        status,
        body: Some(body),
        headers: Vec::new(),
    }
}

fn error(status: u16, error: &str, message: &str, code: Option<&str>) -> Response {
    let mut b = json!({"statusCode": status, "error": error, "message": message});
    if let Some(c) = code {
        b["errorCode"] = json!(c);
    }
    reply(status, b)
}

fn handle(stream: TcpStream, state: &Mutex<State>, schemas: &Schemas) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("").to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h)?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    let len = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut raw = vec![0u8; len];
    reader.read_exact(&mut raw)?;
    let raw_body = String::from_utf8_lossy(&raw).into_owned();
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), parse_query(q)),
        None => (target.clone(), Vec::new()),
    };
    let body = serde_json::from_str(&raw_body).ok();
    let req = Request {
        method,
        path: decode(&path),
        query,
        headers,
        body,
        raw_body,
    };
    let on = if req.path == "/oauth/token" {
        On::Token
    } else if req.method == "GET" {
        On::Get
    } else {
        On::Write
    };
    let fault = {
        let mut s = state.lock().unwrap();
        s.faults
            .iter()
            .position(|(o, _)| *o == on)
            .map(|i| s.faults.remove(i).1)
    };
    if let Some(Fault::Refuse(status)) = fault {
        state.lock().unwrap().log.push(Logged {
            method: req.method.clone(),
            path: req.path.clone(),
            body: req.body.clone(),
            correlation: header(&req, "x-correlation-id"),
        });
        return write_response(
            stream,
            error(
                status,
                "Service Unavailable",
                "The service is unavailable",
                None,
            ),
            None,
        );
    }
    if let Some(Fault::Echo) = fault {
        state.lock().unwrap().log.push(Logged {
            method: req.method.clone(),
            path: req.path.clone(),
            body: req.body.clone(),
            correlation: header(&req, "x-correlation-id"),
        });
        let echoed = format!(
            "Bad request: {} {} with headers {:?} and body {}",
            req.method, target, req.headers, req.raw_body
        );
        let body = json!({"statusCode": 400, "error": "Bad Request", "message": echoed,
                          "error_description": echoed});
        return write_response(stream, reply(400, body), None);
    }
    let (resp, stall) = route(&req, state, schemas);
    if let Some(d) = stall {
        std::thread::sleep(d);
    }
    write_response(stream, resp, fault)
}

fn write_response(
    mut stream: TcpStream,
    resp: Response,
    fault: Option<Fault>,
) -> std::io::Result<()> {
    let mut resp = resp;
    let mut body = resp.body.take().map(|b| b.to_string()).unwrap_or_default();
    let mut declared = None;
    let mut slow = None;
    match fault {
        None | Some(Fault::Echo) | Some(Fault::Refuse(_)) => {}
        Some(Fault::DropAfterApply) => {
            // Applied; the answer never comes.
            return stream.shutdown(std::net::Shutdown::Both);
        }
        Some(Fault::StatusAfterApply(status)) => {
            resp.status = status;
            body = format!("<html><body><h1>{status} Bad Gateway</h1></body></html>");
        }
        Some(Fault::Body(text)) => {
            resp.status = 200;
            body = text;
        }
        Some(Fault::Truncated) => {
            resp.status = 200;
            declared = Some(body.len());
            body.truncate(body.len() / 2);
        }
        Some(Fault::Oversize) => {
            resp.status = 200;
            body = format!(
                "{{\"id\": \"x\", \"pad\": \"{}\"}}",
                "x".repeat(11 * 1024 * 1024)
            );
        }
        Some(Fault::Slow(d)) => slow = Some(d),
    }
    let reason = match resp.status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        429 => "Too Many Requests",
        _ => "Status",
    };
    let mut head = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n",
        resp.status,
        declared.unwrap_or(body.len())
    );
    for (k, v) in resp.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    match slow {
        Some(d) => {
            for b in body.as_bytes() {
                stream.write_all(&[*b])?;
                stream.flush()?;
                std::thread::sleep(d);
            }
        }
        None => stream.write_all(body.as_bytes())?,
    }
    stream.flush()?;
    if declared.is_some() {
        stream.shutdown(std::net::Shutdown::Both)?;
    }
    Ok(())
}

fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|s| !s.is_empty())
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Ok(n) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(n);
            i += 3;
            continue;
        }
        out.push(if b[i] == b'+' { b' ' } else { b[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn route(req: &Request, state: &Mutex<State>, schemas: &Schemas) -> (Response, Option<Duration>) {
    let mut s = state.lock().unwrap();
    s.log.push(Logged {
        method: req.method.clone(),
        path: req.path.clone(),
        body: req.body.clone(),
        correlation: header(req, "x-correlation-id"),
    });
    if req.path == "/oauth/token" && req.method == "POST" {
        let b = req.body.clone().unwrap_or(Value::Null);
        if b.get("client_assertion").is_some() {
            if let Err(why) = check_assertion(&mut s, &b) {
                return (
                    reply(
                        401,
                        json!({"error": "invalid_client", "error_description": why}),
                    ),
                    None,
                );
            }
        } else if b["grant_type"] != "client_credentials"
            || b["client_id"] != CLIENT_ID
            || b["client_secret"] != CLIENT_SECRET
        {
            return (
                reply(
                    401,
                    json!({"error": "access_denied", "error_description": "Unauthorized"}),
                ),
                None,
            );
        }
        let token = format!("tok-{}", s.next_id);
        s.next_id += 1;
        let scopes = s.scopes.clone();
        s.tokens.push((token.clone(), scopes));
        return (
            reply(
                200,
                json!({"access_token": token, "token_type": "Bearer", "expires_in": 86400}),
            ),
            None,
        );
    }
    let Some(rest) = req.path.strip_prefix("/api/v2") else {
        return (error(404, "Not Found", "Not Found", None), None);
    };
    let bearer = req
        .headers
        .iter()
        .find(|(k, _)| k == "authorization")
        .and_then(|(_, v)| v.strip_prefix("Bearer "));
    let Some(scopes) = bearer
        .and_then(|t| s.tokens.iter().find(|(tok, _)| tok == t))
        .map(|(_, sc)| sc.clone())
    else {
        return (error(401, "Unauthorized", "Invalid token", None), None);
    };
    if s.throttle > 0 {
        s.throttle -= 1;
        let reset = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            + s.throttle_reset;
        let mut r = error(
            429,
            "Too Many Requests",
            "Global limit has been reached",
            Some("too_many_requests"),
        );
        r.headers = vec![
            ("X-RateLimit-Limit".into(), "50".into()),
            ("X-RateLimit-Remaining".into(), "0".into()),
            ("X-RateLimit-Reset".into(), reset.to_string()),
        ];
        return (r, None);
    }
    if s.fail > 0 {
        s.fail -= 1;
        return (
            error(
                503,
                "Service Unavailable",
                "The service is unavailable",
                None,
            ),
            None,
        );
    }
    let need = |scope: &str| -> Option<Response> {
        (!scopes.iter().any(|s| s == scope)).then(|| {
            error(
                403,
                "Forbidden",
                &format!("Insufficient scope, expected any of: {scope}"),
                Some("insufficient_scope"),
            )
        })
    };
    let segs: Vec<&str> = rest.trim_start_matches('/').split('/').collect();
    let is_write = req.method != "GET";
    let stall = if is_write {
        s.stall.take()
    } else {
        s.stall_read.take()
    };
    let resp = match (req.method.as_str(), segs.as_slice()) {
        (_, ["connection-profiles", ..]) if !s.profiles_enabled => error(
            403,
            "Forbidden",
            "This feature is not enabled for this tenant.",
            Some("feature_not_enabled"),
        ),
        ("GET", ["connection-profiles"]) => {
            need("read:connection_profiles").unwrap_or_else(|| list_profiles(&s, req))
        }
        ("POST", ["connection-profiles"]) => {
            need("create:connection_profiles").unwrap_or_else(|| {
                let body = req.body.clone().unwrap_or(Value::Null);
                if let Some(m) = payload_error(&schemas.create, &body) {
                    return error(400, "Bad Request", &m, Some("invalid_body"));
                }
                if s.profiles.iter().any(|p| p["name"] == body["name"]) {
                    return error(
                        409,
                        "Conflict",
                        "A connection profile with the same name already exists",
                        Some("conflict"),
                    );
                }
                let id = s.new_id("cop");
                let p = stored_profile(&id, body.as_object().unwrap());
                s.profiles.push(p.clone());
                reply(201, p)
            })
        }
        ("GET", ["connection-profiles", "templates"]) => need("read:connection_profiles")
            .unwrap_or_else(|| reply(200, json!({"connection_profile_templates": s.templates}))),
        ("GET", ["connection-profiles", "templates", id]) => need("read:connection_profiles")
            .unwrap_or_else(|| match s.templates.iter().find(|t| t["id"] == *id) {
                Some(t) => reply(200, t.clone()),
                None => error(
                    404,
                    "Not Found",
                    "The connection profile template does not exist",
                    Some("inexistent_template"),
                ),
            }),
        ("GET", ["connection-profiles", id]) => {
            need("read:connection_profiles").unwrap_or_else(|| {
                match s.profiles.iter().find(|p| p["id"] == *id) {
                    Some(p) => reply(200, p.clone()),
                    None => not_found_profile(),
                }
            })
        }
        ("PATCH", ["connection-profiles", id]) => need("update:connection_profiles")
            .unwrap_or_else(|| {
                let body = req.body.clone().unwrap_or(Value::Null);
                if let Some(m) = payload_error(&schemas.update, &body) {
                    return error(400, "Bad Request", &m, Some("invalid_body"));
                }
                if body.get("name").is_some()
                    && s.profiles
                        .iter()
                        .any(|p| p["name"] == body["name"] && p["id"] != *id)
                {
                    return error(
                        409,
                        "Conflict",
                        "A connection profile with the same name already exists",
                        Some("conflict"),
                    );
                }
                match s.profiles.iter_mut().find(|p| p["id"] == *id) {
                    Some(p) => {
                        for (k, v) in body.as_object().unwrap() {
                            p[k] = v.clone();
                        }
                        reply(200, p.clone())
                    }
                    None => not_found_profile(),
                }
            }),
        ("DELETE", ["connection-profiles", id]) => need("delete:connection_profiles")
            .unwrap_or_else(|| {
                let before = s.profiles.len();
                s.profiles.retain(|p| p["id"] != *id);
                if s.profiles.len() < before {
                    Response {
                        status: 204,
                        body: None,
                        headers: Vec::new(),
                    }
                } else {
                    not_found_profile()
                }
            }),
        ("GET", ["connections"]) => need("read:connections").unwrap_or_else(|| {
            let q = |k: &str| {
                req.query
                    .iter()
                    .find(|(qk, _)| qk == k)
                    .map(|(_, v)| v.clone())
            };
            // `strategy` may be repeated (any of them).
            let strategies: Vec<&str> = req
                .query
                .iter()
                .filter(|(k, _)| k == "strategy")
                .map(|(_, v)| v.as_str())
                .collect();
            let list: Vec<Value> = s
                .connections
                .iter()
                .filter(|c| q("name").is_none_or(|n| c["name"] == n.as_str()))
                .filter(|c| {
                    strategies.is_empty() || strategies.iter().any(|st| c["strategy"] == *st)
                })
                .map(|c| visible_connection(c, &scopes))
                .map(|c| only_fields(c, req))
                .collect();
            // Checkpoint paging when `from` or `take` is given, else the
            // bare array of offset paging's first page.
            if q("take").is_some() || q("from").is_some() {
                checkpoint(&list, req, "id", 100, 50, "connections")
            } else {
                reply(200, Value::Array(list))
            }
        }),
        ("GET", ["connections", id]) => need("read:connections").unwrap_or_else(|| {
            match s.connections.iter().find(|c| c["id"] == *id) {
                Some(c) => reply(200, visible_connection(c, &scopes)),
                None => error(
                    404,
                    "Not Found",
                    "The connection does not exist",
                    Some("inexistent_connection"),
                ),
            }
        }),
        ("POST", ["connections"]) => need("create:connections")
            .unwrap_or_else(|| create_connection(&mut s, req, schemas, &scopes)),
        ("PATCH", ["connections", id]) => {
            need("update:connections").unwrap_or_else(|| patch_connection(&mut s, id, req, schemas))
        }
        ("GET", ["connections", id, "clients"]) => need("read:connections").unwrap_or_else(|| {
            match s.connections.iter().find(|c| c["id"] == *id) {
                Some(c) => {
                    let items: Vec<Value> = enabled_of(c)
                        .into_iter()
                        .map(|id| json!({"client_id": id}))
                        .collect();
                    checkpoint(&items, req, "client_id", 1000, 50, "clients")
                }
                None => not_found_connection(),
            }
        }),
        ("PATCH", ["connections", id, "clients"]) => {
            need("update:connections").unwrap_or_else(|| patch_enabled_clients(&mut s, id, req))
        }
        ("GET", ["clients"]) => need("read:clients").unwrap_or_else(|| {
            let fields: Option<Vec<String>> = req
                .query
                .iter()
                .find(|(k, _)| k == "fields")
                .map(|(_, v)| v.split(',').map(str::to_string).collect());
            let items: Vec<Value> = s
                .clients
                .iter()
                .map(|c| match &fields {
                    Some(f) => Value::Object(
                        c.as_object()
                            .unwrap()
                            .iter()
                            .filter(|(k, _)| f.contains(k))
                            .map(|(k, v)| (k.clone(), v.clone()))
                            .collect(),
                    ),
                    None => c.clone(),
                })
                .collect();
            checkpoint(&items, req, "client_id", 100, 50, "clients")
        }),
        _ => error(404, "Not Found", "Not Found", None),
    };
    if let Some(i) = s
        .colleagues
        .iter()
        .position(|(m, p, _)| *m == req.method && *p == rest)
    {
        let (_, _, change) = s.colleagues.remove(i);
        change(&mut s);
    }
    (resp, stall)
}

/// `c` with only the `fields` the request names (`include_fields=false`:
/// all but those), as Auth0's list endpoints do.
fn only_fields(c: Value, req: &Request) -> Value {
    let q = |k: &str| {
        req.query
            .iter()
            .find(|(qk, _)| qk == k)
            .map(|(_, v)| v.clone())
    };
    let Some(fields) = q("fields") else {
        return c;
    };
    let names: Vec<&str> = fields.split(',').collect();
    let include = q("include_fields").is_none_or(|v| v != "false");
    match c {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(k, _)| names.contains(&k.as_str()) == include)
                .collect(),
        ),
        other => other,
    }
}

/// A request header's value (names are lower-cased when read).
fn header(req: &Request, name: &str) -> Option<String> {
    req.headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// The client ids a stored connection is enabled for.
fn enabled_of(c: &Value) -> Vec<String> {
    c.get("enabled_clients")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

fn not_found_connection() -> Response {
    error(
        404,
        "Not Found",
        "The connection does not exist",
        Some("inexistent_connection"),
    )
}

/// Checkpoint paging as Auth0 does it (SPEC §4): `take` within 1..=`max`
/// (default `default`), `from` the id (`id_key`) of the first item of the
/// page, and `next` the first item of the next page, when there is one.
fn checkpoint(
    items: &[Value],
    req: &Request,
    id_key: &str,
    max: usize,
    default: usize,
    key: &str,
) -> Response {
    let q = |k: &str| {
        req.query
            .iter()
            .find(|(qk, _)| qk == k)
            .map(|(_, v)| v.clone())
    };
    let take = match q("take").map(|t| t.parse::<usize>()) {
        None => default,
        Some(Ok(t)) if (1..=max).contains(&t) => t,
        _ => {
            return error(
                400,
                "Bad Request",
                &format!("Query validation error: 'take' must be between 1 and {max}"),
                Some("invalid_query_string"),
            );
        }
    };
    let start = match q("from") {
        None => 0,
        Some(f) => match items.iter().position(|p| p[id_key] == f.as_str()) {
            Some(i) => i,
            None => {
                return error(
                    400,
                    "Bad Request",
                    "Invalid checkpoint",
                    Some("invalid_query_string"),
                );
            }
        },
    };
    let page: Vec<Value> = items.iter().skip(start).take(take).cloned().collect();
    let mut body = json!({ key: page });
    if let Some(next) = items.get(start + take) {
        body["next"] = next[id_key].clone();
    }
    reply(200, body)
}

/// `PATCH /connections/{id}/clients`: `[{client_id, status}]`, 1 to 50
/// items, closed; an unknown application is a 404; 204.
fn patch_enabled_clients(s: &mut State, id: &str, req: &Request) -> Response {
    let bad = |m: &str| {
        error(
            400,
            "Bad Request",
            &format!("Payload validation error: {m}"),
            Some("invalid_body"),
        )
    };
    let Some(items) = req.body.as_ref().and_then(Value::as_array) else {
        return bad("'Expected type array but found type object'.");
    };
    if items.is_empty() || items.len() > 50 {
        return bad("'Array is too long (or empty): 1 to 50 items'.");
    }
    let mut changes = Vec::new();
    for i in items {
        let Some(o) = i.as_object() else {
            return bad("'Expected type object' on property [].");
        };
        if let Some(k) = o.keys().find(|k| *k != "client_id" && *k != "status") {
            return bad(&format!("'Additional properties not allowed: {k}'."));
        }
        let (Some(cid), Some(on)) = (
            o.get("client_id").and_then(Value::as_str),
            o.get("status").and_then(Value::as_bool),
        ) else {
            return bad("'Missing required property: client_id or status'.");
        };
        if !s.clients.iter().any(|c| c["client_id"] == cid) {
            return error(
                404,
                "Not Found",
                "The client does not exist",
                Some("inexistent_client"),
            );
        }
        changes.push((cid.to_string(), on));
    }
    let Some(c) = s.connections.iter_mut().find(|c| c["id"] == id) else {
        return not_found_connection();
    };
    let mut enabled = enabled_of(c);
    for (cid, on) in changes {
        enabled.retain(|e| *e != cid);
        if on {
            enabled.push(cid);
        }
    }
    c["enabled_clients"] = json!(enabled);
    Response {
        status: 204,
        body: None,
        headers: Vec::new(),
    }
}

/// Without `read:connections_options` a connection comes back without its
/// `options` (Auth0's scope change of 2025-07-08; node-auth0 #1087).
fn visible_connection(c: &Value, scopes: &[String]) -> Value {
    let mut c = c.clone();
    // Read and written only through /connections/{id}/clients now.
    if let Some(o) = c.as_object_mut() {
        o.shift_remove("enabled_clients");
    }
    if !scopes.iter().any(|s| s == "read:connections_options")
        && let Some(o) = c.as_object_mut()
    {
        o.remove("options");
    }
    c
}

fn not_found_profile() -> Response {
    error(
        404,
        "Not Found",
        "The connection profile does not exist",
        Some("inexistent_connection_profile"),
    )
}

fn list_profiles(s: &State, req: &Request) -> Response {
    // `take` 1 to 10 (the OpenAPI document), 5 when not given.
    checkpoint(&s.profiles, req, "id", 10, 5, "connection_profiles")
}

/// `options` replaced whole; `name` and `strategy` are not patchable; the
/// published schema (`UpdateConnectionRequestContent`, and
/// `ConnectionOptionsAuth0` for a database connection, with the live-tenant
/// deltas of SPEC §1.4) and the cross-field refusals of SPEC §1.2.
fn patch_connection(s: &mut State, id: &str, req: &Request, schemas: &Schemas) -> Response {
    let Some(body) = req.body.as_ref().and_then(Value::as_object) else {
        return error(
            400,
            "Bad Request",
            "Payload validation error: 'Expected type object' on property body.",
            Some("invalid_body"),
        );
    };
    // A null member removes the field (SPEC §4): judged without it.
    let mut top = Value::Object(body.clone());
    if let Some(m) = top.as_object_mut() {
        m.retain(|_, v| !v.is_null());
    }
    top["options"] = json!({});
    // End of life 2026-07-13: tenants refuse it in a body (deploy-cli #1290).
    if body.contains_key("enabled_clients") {
        return error(
            400,
            "Bad Request",
            "Payload validation error: 'Additional properties not allowed: enabled_clients'.",
            Some("invalid_body"),
        );
    }
    if let Some(m) = payload_error(&schemas.connection_update, &top) {
        return error(400, "Bad Request", &m, Some("invalid_body"));
    }
    let is_database = s
        .connections
        .iter()
        .find(|c| c["id"] == id)
        .is_some_and(|c| c["strategy"] == "auth0");
    if let Some(refused) = refused_options(is_database, body.get("options"), schemas) {
        return refused;
    }
    let encrypt = s.encrypt_configuration;
    let Some(c) = s.connections.iter_mut().find(|c| c["id"] == id) else {
        return error(
            404,
            "Not Found",
            "The connection does not exist",
            Some("inexistent_connection"),
        );
    };
    for (k, v) in body {
        if k == "options" {
            // Replaced whole; a null member removes the key.
            let mut o = v.as_object().cloned().unwrap_or_default();
            o.retain(|_, v| !v.is_null());
            if encrypt {
                encrypt_configuration(&mut o);
            }
            c["options"] = Value::Object(o);
        } else if v.is_null() {
            if let Some(m) = c.as_object_mut() {
                m.remove(k);
            }
        } else {
            c[k] = v.clone();
        }
    }
    reply(200, c.clone())
}

/// Stores `options.configuration` values encrypted, as Auth0 does.
fn encrypt_configuration(o: &mut Map<String, Value>) {
    if let Some(Value::Object(cfg)) = o.get_mut("configuration") {
        for v in cfg.values_mut() {
            if let Some(t) = v.as_str().filter(|t| !t.starts_with("enc:")) {
                *v = json!(format!("enc:{t}"));
            }
        }
    }
}

/// `POST /connections` (`CreateConnectionRequestContent`: closed, `name`
/// and `strategy` required, the name pattern, the strategy enum; a
/// database connection's options as a PATCH judges them), 409 on a
/// duplicate name, `enabled_clients` refused in the body as a PATCH refuses
/// it (SPEC §1.4: end of life 2026-07-13). Auth0 adds the name as the realm
/// when `realms` is empty or absent (the OpenAPI document) and, since 2026,
/// a default flexible password policy to a database connection that sets
/// no policy (SPEC §1.2). 201 with the connection.
fn create_connection(
    s: &mut State,
    req: &Request,
    schemas: &Schemas,
    scopes: &[String],
) -> Response {
    let Some(body) = req.body.as_ref().and_then(Value::as_object) else {
        return error(
            400,
            "Bad Request",
            "Payload validation error: 'Expected type object' on property body.",
            Some("invalid_body"),
        );
    };
    if body.contains_key("enabled_clients") {
        return error(
            400,
            "Bad Request",
            "Payload validation error: 'Additional properties not allowed: enabled_clients'.",
            Some("invalid_body"),
        );
    }
    let mut top = Value::Object(body.clone());
    top["options"] = json!({});
    if let Some(m) = payload_error(&schemas.connection_create, &top) {
        return error(400, "Bad Request", &m, Some("invalid_body"));
    }
    let is_database = body.get("strategy") == Some(&json!("auth0"));
    if let Some(refused) = refused_options(is_database, body.get("options"), schemas) {
        return refused;
    }
    if s.connections.iter().any(|c| c["name"] == body["name"]) {
        return error(
            409,
            "Conflict",
            "A connection with the same name already exists",
            None,
        );
    }
    let id = s.new_id("con");
    let mut c = Map::new();
    c.insert("id".into(), json!(id));
    let mut options = body
        .get("options")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    options.retain(|_, v| !v.is_null());
    let policy_keys = [
        "password_options",
        "passwordPolicy",
        "password_complexity_options",
        "password_history",
        "password_no_personal_info",
        "password_dictionary",
    ];
    if is_database && !policy_keys.iter().any(|k| options.contains_key(*k)) {
        options.insert(
            "password_options".into(),
            json!({
                "complexity": {"min_length": 15, "character_types": [], "character_type_rule": "all",
                    "identical_characters": "allow", "sequential_characters": "allow", "max_length_exceeded": "error"},
                "dictionary": {"active": false, "default": "en_100k", "custom": []},
                "history": {"active": false, "size": 3},
                "profile_data": {"active": false, "blocked_fields": ["name", "username", "nickname", "email",
                    "phone_number", "user_metadata.name", "user_metadata.first", "user_metadata.last"]}
            }),
        );
    }
    if s.encrypt_configuration {
        encrypt_configuration(&mut options);
    }
    c.insert("options".into(), Value::Object(options));
    for (k, v) in body {
        if k != "options" {
            c.insert(k.clone(), v.clone());
        }
    }
    if c.get("realms")
        .and_then(Value::as_array)
        .is_none_or(Vec::is_empty)
    {
        c.insert("realms".into(), json!([body["name"]]));
    }
    c.entry("is_domain_connection").or_insert(json!(false));
    c.insert("enabled_clients".into(), json!([]));
    let c = Value::Object(c);
    s.connections.push(c.clone());
    reply(201, visible_connection(&c, scopes))
}

/// What Auth0 refuses in a connection's `options` (a create's or a PATCH's):
/// a database connection's against `ConnectionOptionsAuth0`, and the
/// cross-field refusals of SPEC §1.2.
fn refused_options(
    is_database: bool,
    options: Option<&Value>,
    schemas: &Schemas,
) -> Option<Response> {
    if is_database && let Some(o) = options {
        // Live tenants accept `non_persistent_attrs: null` (SPEC §1.4); a
        // null member of the PATCH removes the key.
        let mut judged = o.clone();
        if let Some(m) = judged.as_object_mut() {
            m.retain(|_, v| !v.is_null());
        }
        if let Some(m) = payload_error(&schemas.auth0_options, &judged) {
            return Some(error(
                400,
                "Bad Request",
                &m.replace("property ", "property options."),
                Some("invalid_body"),
            ));
        }
        if o.get("cross_app_access_requesting_app").is_some() {
            return Some(error(
                400,
                "Bad Request",
                "cross_app_access_requesting_app is not supported for this connection",
                Some("invalid_body"),
            ));
        }
    }
    if let Some(o) = options.and_then(Value::as_object) {
        let legacy = [
            "passwordPolicy",
            "password_complexity_options",
            "password_history",
            "password_no_personal_info",
            "password_dictionary",
        ];
        if o.get("password_options").is_some_and(|v| !v.is_null())
            && legacy
                .iter()
                .any(|k| o.get(*k).is_some_and(|v| !v.is_null()))
        {
            return Some(error(
                400,
                "Bad Request",
                "Cannot set both options.password_options and options.passwordPolicy",
                Some("invalid_body"),
            ));
        }
        let set = |k: &str| o.get(k).is_some_and(|v| !v.is_null());
        if set("attributes") && set("validation") {
            return Some(error(
                400,
                "Bad Request",
                "Cannot set both options.attributes and options.validation",
                Some("invalid_body"),
            ));
        }
        if set("attributes") && o.get("requires_username") == Some(&json!(true)) {
            return Some(error(
                400,
                "Bad Request",
                "Cannot set both options.attributes and options.requires_username",
                Some("invalid_body"),
            ));
        }
    }
    None
}
