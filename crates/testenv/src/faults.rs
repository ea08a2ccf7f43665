//! A fault-injecting HTTP proxy on 127.0.0.1, between Cordon and the emulator: the AWS
//! faults a responder meets on a bad day, at a rate and seed a test chooses, so that a
//! failure can be replayed from the seed the test prints.
//!
//! Faults (each decided per request by a seeded generator):
//! - `ServerError`: HTTP 500 (`InternalError`), the request never reaching the emulator;
//! - `Throttle`: the service's throttling answer (`RequestLimitExceeded` for EC2,
//!   `Throttling` for the query services, `SlowDown` for S3, `ThrottlingException` for
//!   JSON services), as HTTP 400, 503 or 429;
//! - `Reset`: the connection closed with no answer;
//! - `Slow`: the request forwarded after a delay;
//! - `NotVisibleYet`: eventual consistency — after a security group or network ACL is
//!   created, the next request naming it is answered `InvalidGroup.NotFound` (or
//!   `InvalidNetworkAclID.NotFound`) once.
//!
//! Every fault is one the request was not applied for, as AWS's are when it answers
//! them; the proxy records each injected fault for the test's report.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo};

/// What a test asks of the proxy.
#[derive(Debug, Clone, Copy)]
pub struct FaultPlan {
    /// The generator's seed: the same seed and requests give the same faults.
    pub seed: u64,
    /// The share of requests answered with a fault (0.0 to 1.0).
    pub rate: f64,
    /// A delay before every request is forwarded: a region's round trip, for counting the
    /// sequential round trips of a path (`cargo xtask bench containment`).
    pub latency: Duration,
    /// Whether a security group or network ACL just created is "not found" once.
    pub not_visible_yet: bool,
}

impl FaultPlan {
    /// Faults at `rate`, from `seed`, eventual consistency included.
    pub fn faults(seed: u64, rate: f64) -> Self {
        Self { seed, rate, latency: Duration::ZERO, not_visible_yet: true }
    }

    /// No faults: every request forwarded after `latency`.
    pub fn latency(latency: Duration) -> Self {
        Self { seed: 0, rate: 0.0, latency, not_visible_yet: false }
    }
}

/// One request as the proxy saw it: when it came and when it was answered.
#[derive(Debug, Clone)]
pub struct Traced {
    pub operation: String,
    pub start: SystemTime,
    pub end: SystemTime,
}

/// The sequential round trips on the path to the last request answered by `until` (the
/// change that completed the path): the longest chain ending with it, of requests each
/// sent after the one before it was answered. Requests in flight together count once.
/// Timing cannot tell a request's cause, so work alongside that happens to end before a
/// request of the path may count (an upper bound); work still in flight does not. With a fixed
/// latency per request this is the path's length in round trips, whatever the machine's
/// speed.
pub fn sequential_round_trips(trace: &[Traced], until: SystemTime) -> usize {
    let mut done: Vec<&Traced> = trace.iter().filter(|t| t.end <= until).collect();
    done.sort_by_key(|t| t.start);
    let mut depth: Vec<usize> = Vec::with_capacity(done.len());
    for (i, t) in done.iter().enumerate() {
        let before = (0..i).filter(|&j| done[j].end <= t.start).map(|j| depth[j]).max().unwrap_or(0);
        depth.push(before + 1);
    }
    let last = (0..done.len()).max_by_key(|&i| done[i].end);
    last.map_or(0, |i| depth[i])
}

/// One fault injected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Injected {
    pub kind: &'static str,
    /// `service:Action`, as far as the request tells.
    pub operation: String,
}

/// A running proxy.
pub struct FaultProxy {
    /// The endpoint to give Cordon (`AWS_ENDPOINT_URL`).
    pub endpoint: String,
    pub plan: FaultPlan,
    injected: Arc<Mutex<Vec<Injected>>>,
    requests: Arc<Mutex<u64>>,
    trace: Arc<Mutex<Vec<Traced>>>,
    task: tokio::task::JoinHandle<()>,
}

impl FaultProxy {
    /// Starts a proxy in front of `upstream` (the emulator's `http://127.0.0.1:PORT`).
    pub async fn start(upstream: &str, plan: FaultPlan) -> std::io::Result<Self> {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0))).await?;
        let endpoint = format!("http://{}", listener.local_addr()?);
        let shared = Arc::new(Shared {
            upstream: upstream.trim_end_matches('/').to_string(),
            client: Client::builder(TokioExecutor::new()).build(HttpConnector::new()),
            rng: Mutex::new(fastrand::Rng::with_seed(plan.seed)),
            rate: plan.rate,
            latency: plan.latency,
            not_visible_yet: plan.not_visible_yet,
            created: Mutex::new(HashSet::new()),
            injected: Arc::new(Mutex::new(Vec::new())),
            requests: Arc::new(Mutex::new(0)),
            trace: Arc::new(Mutex::new(Vec::new())),
        });
        let (injected, requests, trace) = (shared.injected.clone(), shared.requests.clone(), shared.trace.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { continue };
                let shared = shared.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| {
                        let shared = shared.clone();
                        // A reset: the service fails, and hyper drops the connection unanswered.
                        async move { shared.traced(req).await.ok_or(Reset) }
                    });
                    // A `Reset` ends the connection from inside the handler (an error here).
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Self { endpoint, plan, injected, requests, trace, task })
    }

    /// The faults injected so far.
    pub fn injected(&self) -> Vec<Injected> {
        self.injected.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Every request answered so far, with its times.
    pub fn trace(&self) -> Vec<Traced> {
        self.trace.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Requests seen so far.
    pub fn requests(&self) -> u64 {
        *self.requests.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

struct Shared {
    upstream: String,
    client: Client<HttpConnector, Full<Bytes>>,
    rng: Mutex<fastrand::Rng>,
    rate: f64,
    latency: Duration,
    not_visible_yet: bool,
    /// Resources just created, to be "not found" once.
    created: Mutex<HashSet<String>>,
    injected: Arc<Mutex<Vec<Injected>>>,
    requests: Arc<Mutex<u64>>,
    trace: Arc<Mutex<Vec<Traced>>>,
}

/// The service a request is for, as far as its shape tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Protocol {
    Ec2,
    Query,
    Json,
    S3,
}

fn protocol(body: &str, target: Option<&str>) -> Protocol {
    if target.is_some() {
        Protocol::Json
    } else if body.contains("Version=2016-11-15") {
        Protocol::Ec2
    } else if body.contains("Action=") {
        Protocol::Query
    } else {
        Protocol::S3
    }
}

fn operation(body: &str, target: Option<&str>, method: &str, path: &str) -> String {
    if let Some(t) = target {
        return t.to_string();
    }
    match body.split('&').find_map(|kv| kv.strip_prefix("Action=")) {
        Some(action) => action.to_string(),
        None => format!("s3:{method} {path}"),
    }
}

fn error(status: u16, protocol: Protocol, code: &str) -> Response<Full<Bytes>> {
    let body = match protocol {
        Protocol::Ec2 => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>{code}</Code><Message>injected \
             by the test</Message></Error></Errors><RequestID>injected</RequestID></Response>"
        ),
        Protocol::Query => format!(
            "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>injected by the test</Message>\
             </Error><RequestId>injected</RequestId></ErrorResponse>"
        ),
        Protocol::S3 => format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>injected by the test\
             </Message><RequestId>injected</RequestId></Error>"
        ),
        Protocol::Json => format!("{{\"__type\":\"{code}\",\"message\":\"injected by the test\"}}"),
    };
    let content_type = if protocol == Protocol::Json { "application/x-amz-json-1.1" } else { "text/xml" };
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut().insert("content-type", hyper::header::HeaderValue::from_static(content_type));
    r.headers_mut().insert("x-amzn-requestid", hyper::header::HeaderValue::from_static("injected"));
    r
}

/// The ids a create answered with (`<groupId>sg-…</groupId>`, `<networkAclId>acl-…`).
fn created_ids(response: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in ["<groupId>", "<networkAclId>"] {
        if let Some(rest) = response.split(tag).nth(1)
            && let Some(id) = rest.split('<').next()
        {
            out.push(id.to_string());
        }
    }
    out
}

impl Shared {
    /// `handle`, with the request's times recorded.
    async fn traced(&self, req: Request<Incoming>) -> Option<Response<Full<Bytes>>> {
        let start = SystemTime::now();
        if !self.latency.is_zero() {
            tokio::time::sleep(self.latency).await;
        }
        let mut operation = String::new();
        let answer = self.handle(req, &mut operation).await;
        self.trace.lock().unwrap_or_else(|p| p.into_inner()).push(Traced { operation, start, end: SystemTime::now() });
        answer
    }

    async fn handle(&self, req: Request<Incoming>, seen: &mut String) -> Option<Response<Full<Bytes>>> {
        *self.requests.lock().unwrap_or_else(|p| p.into_inner()) += 1;
        let (parts, body) = req.into_parts();
        let bytes = match body.collect().await {
            Ok(b) => b.to_bytes(),
            Err(_) => return Some(error(500, Protocol::S3, "InternalError")),
        };
        let text = String::from_utf8_lossy(&bytes).to_string();
        let target = parts.headers.get("x-amz-target").and_then(|v| v.to_str().ok()).map(str::to_string);
        let proto = protocol(&text, target.as_deref());
        let op = operation(&text, target.as_deref(), parts.method.as_str(), parts.uri.path());
        seen.clone_from(&op);
        let record = |kind: &'static str| {
            self.injected.lock().unwrap_or_else(|p| p.into_inner()).push(Injected { kind, operation: op.clone() });
        };
        // Eventual consistency: the first request naming a resource just created.
        let named = {
            let mut created = self.created.lock().unwrap_or_else(|p| p.into_inner());
            let hit = created.iter().find(|id| text.contains(id.as_str())).cloned();
            if let Some(id) = &hit {
                created.remove(id);
            }
            hit
        };
        if let Some(id) = named.filter(|_| self.not_visible_yet) {
            record("not-visible-yet");
            let code = if id.starts_with("acl-") { "InvalidNetworkAclID.NotFound" } else { "InvalidGroup.NotFound" };
            return Some(error(400, proto, code));
        }
        let (fault, pick, delay) = {
            let mut rng = self.rng.lock().unwrap_or_else(|p| p.into_inner());
            (rng.f64() < self.rate, rng.u8(0..4), rng.u64(500..1500))
        };
        if fault {
            match pick {
                0 => {
                    record("server-error");
                    return Some(error(500, proto, "InternalError"));
                }
                1 => {
                    record("throttle");
                    return Some(match proto {
                        Protocol::Ec2 => error(503, proto, "RequestLimitExceeded"),
                        Protocol::Query => error(400, proto, "Throttling"),
                        Protocol::S3 => error(503, proto, "SlowDown"),
                        Protocol::Json => error(429, proto, "ThrottlingException"),
                    });
                }
                2 => {
                    record("reset");
                    return None;
                }
                _ => {
                    record("slow");
                    tokio::time::sleep(Duration::from_millis(delay)).await;
                }
            }
        }
        let uri = format!("{}{}", self.upstream, parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/"));
        let mut forward = Request::builder().method(parts.method.clone()).uri(uri);
        for (name, value) in &parts.headers {
            forward = forward.header(name, value);
        }
        let Ok(forward) = forward.body(Full::new(bytes)) else { return Some(error(500, proto, "InternalError")) };
        let Ok(answer) = self.client.request(forward).await else { return Some(error(502, proto, "InternalError")) };
        let (parts, body) = answer.into_parts();
        let body = body.collect().await.map(|b| b.to_bytes()).unwrap_or_default();
        if op == "CreateSecurityGroup" || op == "CreateNetworkAcl" {
            let ids = created_ids(&String::from_utf8_lossy(&body));
            self.created.lock().unwrap_or_else(|p| p.into_inner()).extend(ids);
        }
        Some(Response::from_parts(parts, Full::new(body)))
    }
}

/// The error that makes hyper drop a connection unanswered (an injected reset).
#[derive(Debug)]
struct Reset;

impl std::fmt::Display for Reset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("injected connection reset")
    }
}

impl std::error::Error for Reset {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_in_flight_together_count_once() {
        let at = |ms: u64| SystemTime::UNIX_EPOCH + Duration::from_millis(ms);
        let t = |s: u64, e: u64| Traced { operation: String::new(), start: at(s), end: at(e) };
        // 0-50, then two together (50-100, 51-101), then one after both (101-151).
        let trace = [t(0, 50), t(50, 100), t(51, 101), t(101, 151), t(200, 250)];
        assert_eq!(sequential_round_trips(&trace, at(151)), 3);
        assert_eq!(sequential_round_trips(&trace, at(101)), 2);
        assert_eq!(sequential_round_trips(&trace, at(1000)), 4);
        // Work alongside that ends after the last request of the path does not count.
        let alongside = [t(0, 50), t(50, 100), t(0, 40), t(40, 80), t(80, 120), t(120, 160)];
        assert_eq!(sequential_round_trips(&alongside, at(100)), 2);
        assert_eq!(sequential_round_trips(&[], at(1000)), 0);
    }

    #[test]
    fn requests_are_told_apart_and_created_ids_found() {
        assert_eq!(protocol("Action=DescribeInstances&Version=2016-11-15", None), Protocol::Ec2);
        assert_eq!(protocol("Action=GetRole&Version=2010-05-08", None), Protocol::Query);
        assert_eq!(protocol("{}", Some("TrentService.CreateGrant")), Protocol::Json);
        assert_eq!(protocol("", None), Protocol::S3);
        assert_eq!(operation("Action=GetRole&Version=2010-05-08", None, "POST", "/"), "GetRole");
        assert_eq!(created_ids("<x><groupId>sg-123</groupId></x>"), ["sg-123"]);
        assert_eq!(created_ids("<networkAcl><networkAclId>acl-9</networkAclId>"), ["acl-9"]);
    }
}
