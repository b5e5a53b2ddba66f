//! Slow work off the UI thread: the Management API client lives on a worker
//! thread; the editor sends it jobs tagged with an id and polls for results,
//! so the screen never freezes while requests run.

use crate::core::Kind;
use crate::io::api::push::{self, Outcome, Plan, PushError};
use crate::io::api::rollback::{self, Rollback};
use crate::io::api::{ApiError, Client, Wait, credentials};
use crate::io::snapshots::{Snapshot, Store};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

#[derive(Debug)]
pub enum Job {
    /// Read the tenant and compute what pushing `value` would change, with
    /// a three-way push's conflicts settled as `settle` says.
    Plan {
        kind: Kind,
        value: Value,
        settle: push::Settle,
    },
    /// Send a planned push.
    Apply { plan: Box<Plan> },
    /// The tenant's profiles and templates, to pull one.
    List,
    /// The tenant's applications, for a connection's enabled applications.
    Applications,
    /// The snapshots of the object a document is about.
    History { kind: Kind, value: Value },
    /// What rolling `id` back to the snapshot taken at `to` would send.
    PlanRollback { kind: Kind, id: String, to: String },
    /// The object a document is about (found by name) on another named tenant.
    Fetch {
        tenant: String,
        kind: Kind,
        value: Value,
    },
}

/// The snapshots of one object on the tenant, newest first.
pub struct History {
    pub kind: Kind,
    pub id: String,
    pub domain: String,
    pub snapshots: Vec<Snapshot>,
}

/// What Ctrl-O can open, each part read on its own (a token may read
/// profiles and not connections, or the other way round).
pub struct Listing {
    pub profiles: Result<Vec<Value>, ApiError>,
    pub templates: Result<Vec<Value>, ApiError>,
    pub connections: Result<Vec<Value>, ApiError>,
}

pub enum JobResult {
    Planned(Result<Box<Plan>, PushError>),
    Applied {
        plan: Box<Plan>,
        result: Result<Outcome, PushError>,
    },
    Listed(Box<Listing>),
    Applications(Result<Vec<crate::core::apps::App>, ApiError>),
    History(Result<History, PushError>),
    RollbackPlanned(Result<Box<Rollback>, PushError>),
    /// The object on another tenant (`None`: no object of that name there).
    Fetched {
        tenant: String,
        /// The document as sent, compared with the other tenant's object.
        mine: Value,
        result: Result<Option<Value>, ApiError>,
    },
    /// A retry is waiting (rate limit): for the countdown.
    Waiting(Wait),
}

type CredentialSource = Box<dyn Fn() -> Result<credentials::Credentials, ApiError> + Send>;
/// Credentials of another named tenant, for comparing with it.
pub type TenantSource = Box<dyn Fn(&str) -> Result<credentials::Credentials, ApiError> + Send>;

pub struct Worker {
    jobs: Sender<(u64, Job, Arc<AtomicBool>)>,
    results: Receiver<(u64, JobResult)>,
    /// Each queued or running job's cancel flag, by id.
    flags: HashMap<u64, Arc<AtomicBool>>,
}

impl Worker {
    /// A worker with its own credentials and snapshot store (`None`: writes
    /// are not snapshotted).
    pub fn with_credentials(source: CredentialSource, store: Option<Store>) -> Worker {
        Worker::with_tenants(source, store, None)
    }

    /// A worker that can also read other named tenants (compare).
    pub fn with_tenants(
        source: CredentialSource,
        store: Option<Store>,
        others: Option<TenantSource>,
    ) -> Worker {
        let (jobs, job_rx) = channel::<(u64, Job, Arc<AtomicBool>)>();
        let (result_tx, results) = channel::<(u64, JobResult)>();
        std::thread::spawn(move || {
            let mut client: Option<Client> = None;
            let mut other_clients: HashMap<String, Client> = HashMap::new();
            // The job running now: a retry's countdown is reported under its id.
            let current = Arc::new(AtomicU64::new(0));
            let waits = |tx: Sender<(u64, JobResult)>, current: Arc<AtomicU64>| {
                move |w| {
                    let _ = tx.send((current.load(Ordering::Relaxed), JobResult::Waiting(w)));
                }
            };
            for (id, job, cancelled) in job_rx {
                // Dropped before it started: nothing is asked for it.
                if cancelled.load(Ordering::Relaxed) {
                    continue;
                }
                current.store(id, Ordering::Relaxed);
                // Another tenant: its own client, kept for the next compare.
                if let Job::Fetch {
                    tenant,
                    kind,
                    value,
                } = &job
                {
                    let on_wait = waits(result_tx.clone(), current.clone());
                    let result = other_client(&mut other_clients, others.as_ref(), tenant, on_wait)
                        .and_then(|c| find_named(c, *kind, value));
                    let done = JobResult::Fetched {
                        tenant: tenant.clone(),
                        mine: value.clone(),
                        result,
                    };
                    if result_tx.send((id, done)).is_err() {
                        return;
                    }
                    continue;
                }
                if client.is_none() {
                    match source() {
                        Ok(c) => {
                            client = Some(
                                Client::new(c).on_wait(waits(result_tx.clone(), current.clone())),
                            );
                        }
                        Err(e) => {
                            let _ = result_tx.send((id, failed(job, e)));
                            continue;
                        }
                    }
                }
                let c = client.as_ref().expect("set above");
                c.cancel_with(Some(cancelled.clone()));
                let result = match job {
                    Job::Plan {
                        kind,
                        value,
                        settle,
                    } => JobResult::Planned(
                        push::plan_settled(c, kind, &value, store.as_ref(), settle).map(Box::new),
                    ),
                    Job::Apply { plan } => {
                        let result =
                            snapshot_store(store.as_ref()).and_then(|st| push::apply(c, &plan, st));
                        JobResult::Applied { plan, result }
                    }
                    Job::List => JobResult::Listed(Box::new(Listing {
                        profiles: c.list_profiles(),
                        templates: c.templates(),
                        connections: c.database_connections(),
                    })),
                    Job::Applications => JobResult::Applications(c.applications()),
                    Job::History { kind, value } => {
                        JobResult::History(history(c, store.as_ref(), kind, &value))
                    }
                    Job::PlanRollback { kind, id, to } => JobResult::RollbackPlanned(
                        snapshot_store(store.as_ref())
                            .and_then(|st| rollback::plan(c, st, kind, &id, Some(&to)))
                            .map(Box::new),
                    ),
                    Job::Fetch { .. } => unreachable!("answered above"),
                };
                if result_tx.send((id, result)).is_err() {
                    return; // the editor is gone
                }
            }
        });
        Worker {
            jobs,
            results,
            flags: HashMap::new(),
        }
    }

    /// Queues a job under the id the editor gave it (its answer comes back
    /// with that id; an answer the editor no longer waits for is dropped).
    pub fn send(&mut self, id: u64, job: Job) {
        let flag = Arc::new(AtomicBool::new(false));
        // Only the latest few matter; finished jobs' flags go.
        self.flags.retain(|k, _| *k + 16 > id);
        self.flags.insert(id, flag.clone());
        let _ = self.jobs.send((id, job, flag));
    }

    /// Drops the read `id` (Esc): its waits end and it makes no further
    /// request; its answer, if any, is ignored by the editor anyway.
    pub fn cancel(&mut self, id: u64) {
        if let Some(f) = self.flags.remove(&id) {
            f.store(true, Ordering::Relaxed);
        }
    }

    pub fn try_recv(&self) -> Option<(u64, JobResult)> {
        self.results.try_recv().ok()
    }

    /// Waits for the next result (tests and the pty-less paths).
    pub fn recv_timeout(&self, d: std::time::Duration) -> Option<(u64, JobResult)> {
        self.results.recv_timeout(d).ok()
    }
}

fn failed(job: Job, e: ApiError) -> JobResult {
    match job {
        Job::Plan { .. } => JobResult::Planned(Err(e.into())),
        Job::Apply { plan } => JobResult::Applied {
            plan,
            result: Err(e.into()),
        },
        Job::List => JobResult::Listed(Box::new(Listing {
            profiles: Err(e),
            templates: Ok(Vec::new()),
            connections: Ok(Vec::new()),
        })),
        Job::Applications => JobResult::Applications(Err(e)),
        Job::History { .. } => JobResult::History(Err(e.into())),
        Job::PlanRollback { .. } => JobResult::RollbackPlanned(Err(e.into())),
        Job::Fetch { tenant, value, .. } => JobResult::Fetched {
            tenant,
            mine: value,
            result: Err(e),
        },
    }
}

fn snapshot_store(store: Option<&Store>) -> Result<&Store, PushError> {
    store.ok_or_else(|| PushError::Snapshot(crate::io::snapshots::NO_PLACE.into()))
}

fn history(
    c: &Client,
    store: Option<&Store>,
    kind: Kind,
    value: &Value,
) -> Result<History, PushError> {
    let store = snapshot_store(store)?;
    let id = rollback::locate(c, kind, value)?;
    Ok(History {
        kind,
        snapshots: store.list(c.domain(), &id),
        domain: c.domain().to_string(),
        id,
    })
}

fn other_client<'a>(
    cache: &'a mut HashMap<String, Client>,
    others: Option<&TenantSource>,
    tenant: &str,
    on_wait: impl Fn(Wait) + Send + Sync + 'static,
) -> Result<&'a Client, ApiError> {
    if !cache.contains_key(tenant) {
        let source = others.ok_or_else(|| {
            ApiError::Config("comparing needs named tenants (a tenants file)".into())
        })?;
        cache.insert(
            tenant.to_string(),
            Client::new(source(tenant)?).on_wait(on_wait),
        );
    }
    Ok(&cache[tenant])
}

/// The profile or connection with the document's name.
fn find_named(c: &Client, kind: Kind, doc: &Value) -> Result<Option<Value>, ApiError> {
    let Some(name) = doc.get("name").and_then(Value::as_str) else {
        return Err(ApiError::Config(
            "the document has no \"name\" to find it by on the other tenant".into(),
        ));
    };
    match kind {
        Kind::Profile => Ok(c.list_profiles()?.into_iter().find(|p| p["name"] == name)),
        Kind::Connection => c.find_connection(name),
    }
}
