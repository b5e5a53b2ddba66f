//! Slow work off the UI thread: the Management API client lives on a worker
//! thread; the editor sends it jobs tagged with an id and polls for results,
//! so the screen never freezes while requests run.

use crate::core::Kind;
use crate::io::api::push::{self, Outcome, Plan, PushError};
use crate::io::api::{ApiError, Client, Wait, credentials};
use serde_json::Value;
use std::sync::mpsc::{Receiver, Sender, channel};

pub enum Job {
    /// Read the tenant and compute what pushing `value` would change.
    Plan { kind: Kind, value: Value },
    /// Send a planned push.
    Apply { plan: Box<Plan> },
    /// The tenant's profiles and templates, to pull one.
    List,
}

pub enum JobResult {
    Planned(Result<Box<Plan>, PushError>),
    Applied {
        plan: Box<Plan>,
        result: Result<Outcome, PushError>,
    },
    Listed(Result<(Vec<Value>, Vec<Value>), ApiError>),
    /// A retry is waiting (rate limit): for the countdown.
    Waiting(Wait),
}

type CredentialSource = Box<dyn Fn() -> Result<credentials::Credentials, ApiError> + Send>;

pub struct Worker {
    jobs: Sender<(u64, Job)>,
    results: Receiver<(u64, JobResult)>,
    next: u64,
}

impl Worker {
    /// A worker that reads credentials from the environment on its first job.
    pub fn from_env() -> Worker {
        Worker::with_credentials(
            Box::new(credentials::from_env),
            crate::io::snapshots::Store::default_location(),
        )
    }

    /// A worker with its own credentials and snapshot store (`None`: writes
    /// are not snapshotted).
    pub fn with_credentials(
        source: CredentialSource,
        store: Option<crate::io::snapshots::Store>,
    ) -> Worker {
        let (jobs, job_rx) = channel::<(u64, Job)>();
        let (result_tx, results) = channel::<(u64, JobResult)>();
        std::thread::spawn(move || {
            let mut client: Option<Client> = None;
            for (id, job) in job_rx {
                if client.is_none() {
                    match source() {
                        Ok(c) => {
                            let tx = result_tx.clone();
                            client = Some(Client::new(c).on_wait(move |w| {
                                let _ = tx.send((id, JobResult::Waiting(w)));
                            }));
                        }
                        Err(e) => {
                            let _ = result_tx.send((id, failed(job, e)));
                            continue;
                        }
                    }
                }
                let c = client.as_ref().expect("set above");
                let result = match job {
                    Job::Plan { kind, value } => {
                        JobResult::Planned(push::plan(c, kind, &value).map(Box::new))
                    }
                    Job::Apply { plan } => {
                        let result = push::apply(c, &plan, store.as_ref());
                        JobResult::Applied { plan, result }
                    }
                    Job::List => {
                        JobResult::Listed(c.list_profiles().and_then(|p| Ok((p, c.templates()?))))
                    }
                };
                if result_tx.send((id, result)).is_err() {
                    return; // the editor is gone
                }
            }
        });
        Worker {
            jobs,
            results,
            next: 1,
        }
    }

    /// Queues a job; returns its id.
    pub fn send(&mut self, job: Job) -> u64 {
        let id = self.next;
        self.next += 1;
        let _ = self.jobs.send((id, job));
        id
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
        Job::List => JobResult::Listed(Err(e)),
    }
}
