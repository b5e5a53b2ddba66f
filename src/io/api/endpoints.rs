//! The Management API endpoints connedit uses (SPEC §4), typed by purpose.

use super::{ApiError, Call, Client, Expect, Method, encode};
use serde_json::Value;

/// The OpenAPI document caps `take` at 10 (the SDKs' 50 is refused).
pub const PAGE: usize = 10;

/// At most this many pages of one list, and items in all: beyond, a
/// server is not listing a tenant (Auth0 caps connections and
/// applications far below).
const MAX_PAGES: usize = 5_000;
const MAX_ITEMS: usize = 100_000;

impl Client {
    fn get(
        &self,
        path: String,
        scope: &'static str,
        what: String,
        expect: Expect,
    ) -> Result<Value, ApiError> {
        self.call(&Call {
            method: Method::Get,
            path,
            body: None,
            scope,
            what,
            expect,
        })
    }

    /// A connection is only a base for a write with its `options`: without
    /// `read:connections_options` Auth0 leaves them out, and a PATCH built
    /// on that would wipe them (SPEC §4).
    fn with_options(&self, conn: Value, what: &str) -> Result<Value, ApiError> {
        if conn.get("options").is_some_and(Value::is_object) {
            Ok(conn)
        } else {
            Err(ApiError::NoOptions {
                host: self.domain().to_string(),
                what: what.to_string(),
            })
        }
    }

    pub fn get_profile(&self, id: &str) -> Result<Value, ApiError> {
        self.get(
            format!("/connection-profiles/{}", encode(id)),
            "read:connection_profiles",
            format!("connection profile {id}"),
            Expect::Object,
        )
    }

    /// Every profile, following `next` cursors.
    pub fn list_profiles(&self) -> Result<Vec<Value>, ApiError> {
        self.paged(
            &format!("/connection-profiles?take={PAGE}"),
            "connection_profiles",
            "read:connection_profiles",
            "the list of connection profiles",
        )
    }

    /// Every item of a checkpoint-paged list (`from`/`take`, SPEC §4):
    /// `first` is the first page's path and query, the items are under
    /// `key`, and each answer's `next` is the next page's `from`. A cursor
    /// that comes back again, or an empty page, ends it (a server that
    /// loops never makes connedit spin).
    fn paged(
        &self,
        first: &str,
        key: &'static str,
        scope: &'static str,
        what: &str,
    ) -> Result<Vec<Value>, ApiError> {
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut from: Option<String> = None;
        // A server whose cursors never end (or come back) is a failed read,
        // never a loop or a list with holes (from the review).
        let bad = |detail: String| ApiError::BadBody {
            host: self.domain().to_string(),
            what: what.to_string(),
            detail,
        };
        for _ in 0..MAX_PAGES {
            let mut path = first.to_string();
            if let Some(f) = &from {
                path.push_str(&format!("&from={}", encode(f)));
            }
            let page = self.get(path, scope, what.to_string(), Expect::ListIn(key))?;
            let items = page
                .get(key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let n = items.len();
            out.extend(items);
            if out.len() > MAX_ITEMS {
                return Err(bad(format!("more than {MAX_ITEMS} items")));
            }
            match page.get("next").and_then(Value::as_str) {
                Some(next) if n > 0 => {
                    if !seen.insert(next.to_string()) {
                        return Err(bad(format!(
                            "pages that repeat (the cursor {} came twice)",
                            crate::core::scrub::one_line(next)
                        )));
                    }
                    from = Some(next.to_string())
                }
                _ => return Ok(out),
            }
        }
        Err(bad(format!("more than {MAX_PAGES} pages")))
    }

    /// The client ids of the applications the connection `id` is enabled
    /// for (`GET /connections/{id}/clients`, 1,000 a page).
    pub fn enabled_client_ids(&self, id: &str) -> Result<Vec<String>, ApiError> {
        let items = self.paged(
            &format!("/connections/{}/clients?take=1000", encode(id)),
            "clients",
            "read:connections",
            &format!("the applications enabled for connection {id}"),
        )?;
        Ok(items
            .iter()
            .filter_map(|c| c.get("client_id").and_then(Value::as_str))
            .map(str::to_string)
            .collect())
    }

    /// The tenant's applications, by id and name (`GET /clients`, only those
    /// two fields, 100 a page).
    pub fn applications(&self) -> Result<Vec<crate::core::apps::App>, ApiError> {
        // Read once a minute: a command's many connections share them (a
        // rename meanwhile changes a name shown, never an id sent).
        if let Some((at, known)) = self
            .applications
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            && at.elapsed() < std::time::Duration::from_secs(60)
        {
            return Ok(known);
        }
        let items = self.paged(
            "/clients?fields=client_id,name&include_fields=true&take=100",
            "clients",
            "read:clients",
            "the list of applications",
        )?;
        let known = crate::core::apps::from_listing(&items);
        *self.applications.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((std::time::Instant::now(), known.clone()));
        Ok(known)
    }

    /// Enables or disables applications for the connection `id`: only the
    /// changes, at most 50 a request (`PATCH /connections/{id}/clients`).
    pub fn set_enabled_clients(
        &self,
        id: &str,
        changes: &[crate::core::apps::Change],
    ) -> Result<(), ApiError> {
        for body in crate::core::apps::patch_bodies(changes) {
            self.call(&Call {
                method: Method::Patch,
                path: format!("/connections/{}/clients", encode(id)),
                body: Some(&body),
                scope: "update:connections",
                what: format!("the applications of connection {id}"),
                expect: Expect::Anything,
            })?;
        }
        Ok(())
    }

    pub fn create_profile(&self, body: &Value) -> Result<Value, ApiError> {
        self.call(&Call {
            method: Method::Post,
            path: "/connection-profiles".into(),
            body: Some(body),
            scope: "create:connection_profiles",
            what: "the new connection profile".into(),
            expect: Expect::Object,
        })
    }

    /// Creates a connection (`POST /connections`, `create:connections`):
    /// never repeated blindly (a lost answer is read back by name).
    pub fn create_connection(&self, body: &Value) -> Result<Value, ApiError> {
        self.call(&Call {
            method: Method::Post,
            path: "/connections".into(),
            body: Some(body),
            scope: "create:connections",
            what: "the new connection".into(),
            expect: Expect::Object,
        })
    }

    pub fn update_profile(&self, id: &str, body: &Value) -> Result<Value, ApiError> {
        self.call(&Call {
            method: Method::Patch,
            path: format!("/connection-profiles/{}", encode(id)),
            body: Some(body),
            scope: "update:connection_profiles",
            what: format!("connection profile {id}"),
            expect: Expect::Object,
        })
    }

    pub fn delete_profile(&self, id: &str) -> Result<Value, ApiError> {
        self.call(&Call {
            method: Method::Delete,
            path: format!("/connection-profiles/{}", encode(id)),
            body: None,
            scope: "delete:connection_profiles",
            what: format!("connection profile {id}"),
            expect: Expect::Anything,
        })
    }

    /// `[{id, display_name, template}]`.
    pub fn templates(&self) -> Result<Vec<Value>, ApiError> {
        let v = self.get(
            "/connection-profiles/templates".into(),
            "read:connection_profiles",
            "the connection profile templates".into(),
            Expect::ListIn("connection_profile_templates"),
        )?;
        Ok(v.get("connection_profile_templates")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default())
    }

    pub fn template(&self, id: &str) -> Result<Value, ApiError> {
        self.get(
            format!("/connection-profiles/templates/{}", encode(id)),
            "read:connection_profiles",
            format!("connection profile template {id}"),
            Expect::Object,
        )
    }

    /// The connection `id` with its `options` (refused without them).
    pub fn get_connection(&self, id: &str) -> Result<Value, ApiError> {
        let what = format!("connection {id}");
        let conn = self.get(
            format!("/connections/{}", encode(id)),
            "read:connections",
            what.clone(),
            Expect::Object,
        )?;
        self.with_options(conn, &what)
    }

    /// The tenant's database connections (`strategy=auth0`), 100 a page,
    /// at most 1,000. One without `options` (a token lacking
    /// `read:connections_options`) is listed as it came.
    pub fn database_connections(&self) -> Result<Vec<Value>, ApiError> {
        const PER_PAGE: usize = 100;
        let mut out = Vec::new();
        for page in 0..10 {
            let v = self.get(
                format!("/connections?strategy=auth0&per_page={PER_PAGE}&page={page}"),
                "read:connections",
                "the database connections".into(),
                Expect::List("connections"),
            )?;
            let list = listed(v, "connections");
            let n = list.len();
            out.extend(list.into_iter().filter(|c| Expect::Object.accepts(c)));
            if n < PER_PAGE {
                break;
            }
        }
        Ok(out)
    }

    /// Every connection of the tenant (of the `strategies` given, else all),
    /// with its options, 50 a page with checkpoint paging (SPEC §4): N
    /// connections cost ⌈N/50⌉ requests. One listed without `options` (a
    /// token lacking `read:connections_options`) stops it: nothing is
    /// written from a connection without its options.
    pub fn list_connections(&self, strategies: &[String]) -> Result<Vec<Value>, ApiError> {
        let mut first = "/connections?take=50".to_string();
        for s in strategies {
            first.push_str(&format!("&strategy={}", encode(s)));
        }
        let items = self.paged(
            &first,
            "connections",
            "read:connections",
            "the list of connections",
        )?;
        let mut ids = std::collections::HashSet::new();
        items
            .into_iter()
            .filter(|c| Expect::Object.accepts(c))
            .filter(|c| ids.insert(c["id"].as_str().unwrap_or_default().to_string()))
            .map(|c| {
                let what = format!(
                    "connection {}",
                    c.get("name").and_then(Value::as_str).unwrap_or("?")
                );
                self.with_options(c, &what)
            })
            .collect()
    }

    /// Every connection's id, name and strategy only (`fields`), 50 a page:
    /// what a tree is compared with to find the connections it lacks. Needs
    /// no options scope.
    pub fn connection_names(&self) -> Result<Vec<Value>, ApiError> {
        self.paged(
            "/connections?take=50&fields=id,name,strategy&include_fields=true",
            "connections",
            "read:connections",
            "the list of connections",
        )
    }

    /// Lists every connection once (⌈N/50⌉ requests) for the searches by
    /// name that follow (a tree's documents name their connections). When
    /// the listing fails, each search asks the tenant as before.
    pub fn prefetch_connections(&self) {
        if let Ok(all) = self.list_connections(&[]) {
            *self
                .listed_connections
                .lock()
                .unwrap_or_else(|e| e.into_inner()) = Some(all);
        }
    }

    /// The connections listed by [`Client::prefetch_connections`], if any.
    pub fn prefetched_connections(&self) -> Option<Vec<Value>> {
        self.listed_connections
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// The connection named `name` (of any strategy), if there is one.
    pub fn find_connection(&self, name: &str) -> Result<Option<Value>, ApiError> {
        if let Some(all) = self
            .listed_connections
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
        {
            // Listed with their options (list_connections refuses otherwise).
            return Ok(all
                .iter()
                .find(|c| c.get("name").and_then(Value::as_str) == Some(name))
                .cloned());
        }
        let v = self.get(
            format!("/connections?name={}", encode(name)),
            // A 403 here is for the list; without the options scope the
            // answer comes but lacks options (with_options names it).
            "read:connections",
            format!("connection {name}"),
            Expect::List("connections"),
        )?;
        listed(v, "connections")
            .into_iter()
            .find(|c| c.get("name").and_then(Value::as_str) == Some(name))
            .map(|c| {
                if !Expect::Object.accepts(&c) {
                    return Err(ApiError::BadBody {
                        host: self.domain().to_string(),
                        what: format!("the search for connection {name}"),
                        detail: "a connection without an id".into(),
                    });
                }
                self.with_options(c, &format!("connection {name}"))
            })
            .transpose()
    }

    /// PATCHes a connection: its complete `options` (Auth0 replaces them
    /// whole) and the top-level keys that change.
    pub fn patch_connection(&self, id: &str, body: &Value) -> Result<Value, ApiError> {
        self.call(&Call {
            method: Method::Patch,
            path: format!("/connections/{}", encode(id)),
            body: Some(body),
            scope: "update:connections",
            what: format!("connection {id}"),
            expect: Expect::Object,
        })
    }
}

/// The items of a list answer: a bare array, or the array under `key` of a
/// paged answer.
fn listed(v: Value, key: &str) -> Vec<Value> {
    match v {
        Value::Array(a) => a,
        mut other => match other.get_mut(key).map(Value::take) {
            Some(Value::Array(a)) => a,
            _ => Vec::new(),
        },
    }
}
