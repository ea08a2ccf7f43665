//! moto server lifecycle: install into `.cordon-dev/venv`, start on a free loopback
//! port, wait until it answers, record where it is, stop.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

/// The moto version every machine runs (bump deliberately: its behaviour is what the tests see).
/// Not 5.2.x: its generic response serializer gives S3 answers the root element
/// `<OperationResponse>` (e.g. `GetBucketVersioningResponse` instead of
/// `VersioningConfiguration`), which botocore ignores but the Rust SDK rejects.
pub const MOTO_VERSION: &str = "5.1.22";

/// Environment variable that points tests at a running emulator.
pub const ENDPOINT_ENV: &str = "CORDON_EMULATOR_ENDPOINT";
/// Environment variable naming the emulator's request recording file.
pub const RECORDING_ENV: &str = "CORDON_EMULATOR_RECORDING";

/// Where a running emulator is.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EmulatorState {
    pub endpoint: String,
    pub pid: u32,
    pub recording: PathBuf,
    pub log: PathBuf,
}

/// The workspace root (this crate lives at `crates/testenv`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap_or_else(|_| PathBuf::from("."))
}

/// `.cordon-dev/`: the project-local, git-ignored folder for the venv and emulator state.
pub fn dev_dir() -> PathBuf {
    workspace_root().join(".cordon-dev")
}

fn venv_dir() -> PathBuf {
    dev_dir().join("venv")
}

/// The emulator a test should use: `CORDON_EMULATOR_ENDPOINT`, else the one
/// `cargo xtask emulator start` recorded.
pub fn current() -> Result<EmulatorState> {
    if let Ok(endpoint) = std::env::var(ENDPOINT_ENV) {
        let recording = std::env::var(RECORDING_ENV).map(PathBuf::from).unwrap_or_default();
        return Ok(EmulatorState { endpoint, pid: 0, recording, log: PathBuf::new() });
    }
    let state = read_state(&dev_dir().join("emulator")).context(
        "no emulator: run the tests with `cargo xtask test`, or start one with `cargo xtask emulator start`",
    )?;
    if !answers(&state.endpoint) {
        bail!("the emulator recorded at {} does not answer: `cargo xtask emulator start`", state.endpoint);
    }
    Ok(state)
}

fn read_state(dir: &Path) -> Result<EmulatorState> {
    let text = std::fs::read_to_string(dir.join("state.json"))?;
    Ok(serde_json::from_str(&text)?)
}

/// The DuckDB every machine runs: the local SQL engine the Athena queries are tested on
/// (its Python package: a prebuilt wheel, where the Rust crate would compile DuckDB's
/// C++ on every clean build).
pub const DUCKDB_VERSION: &str = "1.4.4";

/// The project venv's Python, with the pinned moto and DuckDB installed.
pub fn python() -> Result<PathBuf> {
    ensure_installed()?;
    Ok(venv_dir().join("bin/python"))
}

/// Installs moto (and DuckDB) into the project's venv unless the pinned versions are
/// already there.
pub fn ensure_installed() -> Result<PathBuf> {
    let venv = venv_dir();
    let python = venv.join("bin/python");
    let server = venv.join("bin/moto_server");
    let installed = Command::new(&python)
        .args(["-c", "import moto, duckdb; print(moto.__version__, duckdb.__version__)"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    if installed.as_deref() == Some(&format!("{MOTO_VERSION} {DUCKDB_VERSION}")) && server.exists() {
        mend_moto(&venv)?;
        return Ok(server);
    }
    std::fs::create_dir_all(dev_dir())?;
    if !python.exists() {
        eprintln!("emulator: creating a Python virtual environment in {}", venv.display());
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv)).context(
            "python3 -m venv failed: install python3 with its venv module (Debian: apt-get install python3-venv)",
        )?;
    }
    eprintln!("emulator: installing moto[server]=={MOTO_VERSION} and duckdb=={DUCKDB_VERSION} (once)");
    run(Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "--disable-pip-version-check"])
        .arg(format!("moto[server]=={MOTO_VERSION}"))
        .arg(format!("duckdb=={DUCKDB_VERSION}")))
    .context("pip could not install moto[server] and duckdb")?;
    mend_moto(&venv)?;
    Ok(server)
}

/// Where the pinned moto answers in a shape AWS never sends, the one line that does it
/// is mended (idempotent, checked at every start). Each entry: the file under `moto/`,
/// the line as moto 5.1.22 has it, the line as AWS (and moto 5.2) answer.
/// - The EBS direct APIs list block indexes as strings (the URL's path segment it keyed
///   them by); AWS sends integers, and the SDK rejects a string. Fixed in moto 5.2, which
///   this project cannot use yet (see [`MOTO_VERSION`]).
/// - Systems Manager: moto runs no command and lists no managed instance. The tests play
///   the SSM agent's part; `cordon_agent.py` (installed beside moto's SSM service, see its
///   docstring) reports what they did the way Systems Manager does, and these lines hook
///   it in: DescribeInstanceInformation, CancelCommand, and GetCommandInvocation's status
///   and output. And a command sent with `InstanceIds` and no `Targets` goes to those
///   instances only (moto matched every instance in the Region to an empty target list).
/// - EC2 CopySnapshot of a snapshot another account shared with the caller: moto looked
///   the source up in the caller's own account only (`cordon_sharing.py`), and a copy
///   made with a KMS key was not marked encrypted (AWS requires `Encrypted` with a key).
/// - Athena's GetQueryResults answered every seeded row at once; AWS pages them
///   (`MaxResults`, at most 1,000, and `NextToken`): `cordon_pages.py`.
/// - The request recording: each request's record and its newline are written as one
///   piece under a lock (`cordon_lock.py`); moto wrote them in pieces from several
///   threads, so two large records could share a line.
/// - Speed, not shape: a resource's own tags are read from its entry (`cordon_tags.py`)
///   instead of by a scan of every tag in the account, which made each filtered Describe
///   call cost resources x tags and was half of the emulator's time in the test suite.
const MOTO_MENDS: &[(&str, &str, &str)] = &[
    ("ebs/responses.py", "{\"BlockIndex\": idx, \"BlockToken\"", "{\"BlockIndex\": int(idx), \"BlockToken\""),
    ("ebs/responses.py", "{\"BlockIndex\": idx, \"FirstBlockToken\"", "{\"BlockIndex\": int(idx), \"FirstBlockToken\""),
    (
        "ssm/responses.py",
        "    def get_command_invocation(self) -> ActionResult:",
        "    from moto.ssm.cordon_agent import cancel_command, describe_instance_information  # Cordon's tests\n\n    \
         def get_command_invocation(self) -> ActionResult:",
    ),
    (
        "ssm/models.py",
        "        return invocation\n\n\ndef _validate_document_format",
        "        from moto.ssm.cordon_agent import agent_reply  # Cordon's tests\n\n        \
         return agent_reply(self, invocation)\n\n\ndef _validate_document_format",
    ),
    (
        "ssm/models.py",
        "        target_instance_ids = []\n        ec2_backend = ec2_backends",
        "        target_instance_ids = []\n        if not self.targets:  # Cordon's tests\n            \
         return target_instance_ids\n        ec2_backend = ec2_backends",
    ),
    (
        "ec2/models/elastic_block_store.py",
        "        backend = ec2_backends[self.account_id][source_region]  # type: ignore[attr-defined]\n        \
         source_snapshot = backend.describe_snapshots(snapshot_ids=[source_snapshot_id])[\n            0\n        ]\n",
        "        from moto.ec2.cordon_sharing import shared_source  # Cordon's tests\n\n        \
         source_snapshot = shared_source(self, ec2_backends, source_snapshot_id, source_region)\n",
    ),
    (
        "ec2/models/elastic_block_store.py",
        "            encrypted=source_snapshot.encrypted,\n            kms_key_id=kms_key_id,\n        )\n        \
         self.snapshots[snapshot_id] = snapshot\n        return snapshot\n",
        "            encrypted=source_snapshot.encrypted or bool(kms_key_id),  # Cordon's tests\n            \
         kms_key_id=kms_key_id,\n        )\n        self.snapshots[snapshot_id] = snapshot\n        return snapshot\n",
    ),
    (
        "ec2/models/core.py",
        "            tags = self.ec2_backend.describe_tags(filters={\"resource-id\": [self.id]})  # type: ignore[attr-defined]\n",
        "            from moto.ec2.cordon_tags import own_tags  # Cordon's tests\n\n            \
         tags = own_tags(self.ec2_backend, self.id)\n",
    ),
    (
        "athena/responses.py",
        "        result = self.athena_backend.get_query_results(exec_id)\n        return json.dumps(result.to_dict())\n",
        "        result = self.athena_backend.get_query_results(exec_id)\n        \
         from moto.athena.cordon_pages import page  # Cordon's tests\n\n        \
         return json.dumps(page(result.to_dict(), self._get_param(\"MaxResults\"), self._get_param(\"NextToken\")))\n",
    ),
    (
        "moto_api/_internal/recorder/models.py",
        "        with open(filepath, \"a+\") as file:\n            file.write(json.dumps(entry))\n            file.write(\"\\n\")\n",
        "        from moto.moto_api._internal.recorder.cordon_lock import LOCK  # Cordon's tests\n\n        \
         line = json.dumps(entry) + \"\\n\"\n        with LOCK, open(filepath, \"a+\") as file:\n            file.write(line)\n",
    ),
];

/// Files added to moto: (path under `moto/`, content).
const MOTO_ADDITIONS: &[(&str, &str)] = &[
    ("ssm/cordon_agent.py", include_str!("../moto/cordon_agent.py")),
    ("ec2/cordon_sharing.py", include_str!("../moto/cordon_sharing.py")),
    ("ec2/cordon_tags.py", include_str!("../moto/cordon_tags.py")),
    ("athena/cordon_pages.py", include_str!("../moto/cordon_pages.py")),
    ("moto_api/_internal/recorder/cordon_lock.py", include_str!("../moto/cordon_lock.py")),
];

fn mend_moto(venv: &Path) -> Result<()> {
    let lib = venv.join("lib");
    let site = std::fs::read_dir(&lib)
        .with_context(|| format!("{}", lib.display()))?
        .flatten()
        .map(|e| e.path().join("site-packages/moto"))
        .find(|p| p.is_dir())
        .with_context(|| format!("moto is not under {}", lib.display()))?;
    for (file, content) in MOTO_ADDITIONS {
        let path = site.join(file);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(content) {
            std::fs::write(&path, content).with_context(|| format!("{}", path.display()))?;
        }
    }
    for (file, from, to) in MOTO_MENDS {
        let path = site.join(file);
        let text = std::fs::read_to_string(&path).with_context(|| format!("{}", path.display()))?;
        if text.contains(to) {
            continue;
        }
        if !text.contains(from) {
            bail!("{}: neither the line to mend nor the mended one is there: {from}", path.display());
        }
        std::fs::write(&path, text.replace(from, to)).with_context(|| format!("{}", path.display()))?;
        // The compiled copy would otherwise still be used.
        let _ = std::fs::remove_dir_all(path.with_file_name("__pycache__"));
    }
    Ok(())
}

fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd.status().with_context(|| format!("could not run {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} exited with {status}");
    }
    Ok(())
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// True when an HTTP server answers on `endpoint` (`http://127.0.0.1:PORT`).
pub fn answers(endpoint: &str) -> bool {
    let Some(addr) = endpoint.strip_prefix("http://") else {
        return false;
    };
    let Ok(mut s) = TcpStream::connect_timeout(
        &match addr.parse() {
            Ok(a) => a,
            Err(_) => return false,
        },
        Duration::from_millis(500),
    ) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    if s.write_all(b"GET /moto-api/ HTTP/1.0\r\nHost: localhost\r\n\r\n").is_err() {
        return false;
    }
    let mut buf = [0u8; 12];
    s.read(&mut buf).map(|n| n >= 12 && buf.starts_with(b"HTTP/")).unwrap_or(false)
}

/// Starts an emulator whose state lives in `state_dir`. If one recorded there still
/// answers, it is reused.
pub fn start(state_dir: &Path) -> Result<EmulatorState> {
    if let Ok(state) = read_state(state_dir)
        && answers(&state.endpoint)
    {
        return Ok(state);
    }
    let server = ensure_installed()?;
    std::fs::create_dir_all(state_dir)?;
    let port = free_port()?;
    let endpoint = format!("http://127.0.0.1:{port}");
    let recording = state_dir.join("recording.jsonl");
    let log = state_dir.join("moto.log");
    let _ = std::fs::remove_file(&recording);
    let log_file = std::fs::File::create(&log)?;
    let mut cmd = Command::new(&server);
    cmd.args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .env("MOTO_ENABLE_RECORDING", "True")
        .env("MOTO_RECORDER_FILEPATH", &recording)
        // AWS-managed policies (AdministratorAccess, ReadOnlyAccess...) exist in every real
        // account; drills attach them.
        .env("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
        .stdin(Stdio::null())
        .stdout(log_file.try_clone()?)
        .stderr(log_file);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let mut child = cmd.spawn().with_context(|| format!("could not start {}", server.display()))?;
    let deadline = Instant::now() + Duration::from_secs(60);
    while !answers(&endpoint) {
        if let Some(status) = child.try_wait()? {
            bail!("moto server exited with {status} before answering; see {}", log.display());
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            bail!("moto server did not answer on {endpoint} within 60 s; see {}", log.display());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let state = EmulatorState { endpoint, pid: child.id(), recording, log };
    std::fs::write(state_dir.join("state.json"), serde_json::to_string_pretty(&state)?)?;
    Ok(state)
}

/// Stops the emulator recorded in `state_dir`, if any. Returns whether one was running.
pub fn stop(state_dir: &Path) -> Result<bool> {
    let Ok(state) = read_state(state_dir) else {
        return Ok(false);
    };
    let _ = std::fs::remove_file(state_dir.join("state.json"));
    if state.pid == 0 {
        return Ok(false);
    }
    // The server runs in its own process group: end the group.
    let status = Command::new("kill").arg("--").arg(format!("-{}", state.pid)).stderr(Stdio::null()).status()?;
    Ok(status.success())
}

/// Turns the emulator's IAM enforcement on (every later request is authenticated and
/// authorized against its IAM policies) or off. Affects every client of that emulator:
/// use a dedicated one.
pub fn enforce_iam(endpoint: &str, on: bool) -> Result<()> {
    let addr = endpoint.strip_prefix("http://").context("an http:// endpoint")?;
    let body = if on { "0" } else { "inf" };
    let mut s = TcpStream::connect(addr)?;
    write!(s, "POST /moto-api/reset-auth HTTP/1.0\r\nHost: {addr}\r\nContent-Length: {}\r\n\r\n{body}", body.len())?;
    let mut answer = String::new();
    s.read_to_string(&mut answer)?;
    if !answer.starts_with("HTTP/1.0 200") && !answer.starts_with("HTTP/1.1 200") {
        bail!("the emulator refused reset-auth: {}", answer.lines().next().unwrap_or(""));
    }
    Ok(())
}

/// Where the persistent developer emulator keeps its state.
pub fn default_state_dir() -> PathBuf {
    dev_dir().join("emulator")
}
