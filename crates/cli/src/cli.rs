//! Command-line arguments: parsed by clap, then checked into typed values by each command.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod timeline_args;
pub use timeline_args::{AthenaCommand, Engine, TimelineArgs, TimelineCommand, TimelineFormat};

#[derive(Debug, Parser)]
#[command(
    name = "cordon",
    version,
    about = "Incident response for AWS: declarative playbooks that contain, collect evidence and report"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct Global {
    /// AWS profile (default: the standard credential chain).
    #[arg(long, global = true, env = "AWS_PROFILE")]
    pub profile: Option<String>,
    /// AWS Region (default: from the profile or AWS_REGION).
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too).
    /// Plain http:// is refused unless it is on this machine (loopback).
    #[arg(long, global = true)]
    pub endpoint_url: Option<String>,
    /// Accept a plain http:// endpoint on another machine (credentials-signed requests and
    /// evidence then cross the network in clear text).
    #[arg(long, global = true)]
    pub allow_insecure_endpoint: bool,
    /// Refuse to act in any account but this one (with --role-arn: the role's account).
    #[arg(long, global = true, value_name = "ID")]
    pub account: Option<String>,
    /// Act through this role, assumed from the standard credential chain; the session is
    /// named for the case and operator (`cordon-IR-2026-0042-alice`).
    #[arg(long, global = true, env = "CORDON_ROLE_ARN", value_name = "ARN")]
    pub role_arn: Option<String>,
    /// The external id the role's trust policy asks for (with --role-arn, --role-name,
    /// or on `resume`/`undo` of a case whose role needed one).
    #[arg(long, global = true, env = "CORDON_EXTERNAL_ID", value_name = "ID")]
    pub external_id: Option<String>,
    /// The assumed role session's length in seconds (it is renewed as it runs out).
    #[arg(long, global = true, value_name = "SECONDS",
          value_parser = clap::value_parser!(u32).range(900..=43200))]
    pub duration: Option<u32>,
    #[command(flatten)]
    pub fan: FanOut,
    /// Output format.
    #[arg(long, global = true, value_enum, default_value = "text")]
    pub output: Output,
    /// How many independent steps (or `for_each` items) run at once.
    #[arg(long, global = true, env = "CORDON_MAX_PARALLEL", default_value_t = 4,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub max_parallel: u16,
}

/// Many accounts and Regions at once (`run`, `plan`; `timeline build` and `hunt` read
/// these accounts' and Regions' folders of a trail archive).
#[derive(Debug, Args, Default)]
pub struct FanOut {
    /// Target these accounts (comma-separated), each through --role-name.
    #[arg(long, global = true, value_name = "ID,...", value_delimiter = ',')]
    pub accounts: Vec<String>,
    /// Target every active account of the organization (listed through Organizations
    /// from the management or a delegated-administrator account), each through --role-name.
    #[arg(long, global = true)]
    pub org: bool,
    /// With --org: only the accounts of this organizational unit and the units beneath it.
    #[arg(long, global = true, value_name = "OU", requires = "org")]
    pub ou: Option<String>,
    /// The role assumed in each target account (e.g. IR-Responder; a path is written
    /// path/name).
    #[arg(long, global = true, value_name = "NAME")]
    pub role_name: Option<String>,
    /// Target these Regions (comma-separated), or `all` for every Region enabled in the
    /// account acting (default: the one in use).
    #[arg(long, global = true, value_name = "REGION,...|all", value_delimiter = ',')]
    pub regions: Vec<String>,
    /// How many accounts and Regions are worked on at once.
    #[arg(long, global = true, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=64))]
    pub max_accounts: u16,
}

impl FanOut {
    /// Whether the command targets more than the one account and Region in use.
    pub fn is_set(&self) -> bool {
        !self.accounts.is_empty() || self.org || !self.regions.is_empty()
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check playbooks: every problem, with file:line:column and a hint.
    Validate {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Show what a run would change, after read-only checks against AWS. Makes no change.
    Plan(RunArgs),
    /// Run a playbook: execute its steps, journaled, and write the case directory.
    Run(RunArgs),
    /// The actions playbooks can use.
    Actions {
        #[command(subcommand)]
        command: ActionsCommand,
    },
    /// Evidence in a case directory.
    Evidence {
        #[command(subcommand)]
        command: EvidenceCommand,
    },
    /// Undo what a case's runs changed: the inverse steps, newest first, shown and
    /// checked, then executed after approval. Evidence is never deleted.
    Undo {
        case_dir: PathBuf,
        /// Approve without asking.
        #[arg(long)]
        yes: bool,
        /// Restore even what someone changed since Cordon changed it (by default such a
        /// resource is left as it is and named).
        #[arg(long)]
        force: bool,
        /// The responder's name, recorded in the chain of custody.
        #[arg(long, env = "CORDON_OPERATOR")]
        operator: Option<String>,
    },
    /// Continue a run that was interrupted (killed, crashed, lost its connection):
    /// completed steps are not repeated; an interrupted step is re-run idempotently.
    Resume {
        case_dir: PathBuf,
        /// The playbook, if it is no longer at the path the run recorded.
        #[arg(long)]
        playbook: Option<PathBuf>,
        /// Approve every step that asks for approval without asking.
        #[arg(long)]
        yes: bool,
        /// The responder's name, recorded in the chain of custody.
        #[arg(long, env = "CORDON_OPERATOR")]
        operator: Option<String>,
    },
    /// The JSON Schema of the playbook format (what docs/playbook.schema.json holds).
    Schema,
    /// Shell completions for cordon, printed (also in docs/completions/).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// The man page (roff), printed (also docs/cordon.1).
    Man,
    /// The least-privilege IAM policy the playbooks need (JSON, ready to attach): what
    /// `run` and `resume` call, and what `undo` of their steps calls. The global
    /// `--account` scopes IAM and S3 resources to that account.
    IamPolicy {
        #[arg(required = true)]
        playbooks: Vec<PathBuf>,
        /// Leave out what `cordon undo` needs (a role that may only contain).
        #[arg(long)]
        no_undo: bool,
        /// The partition the resource ARNs are written for.
        #[arg(long, default_value = "aws", value_parser = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"])]
        partition: String,
        /// Many accounts: the account(s) the responders act from (repeatable). Prints the
        /// member-account role (`--role-name`) as a whole: its permissions, its trust
        /// policy (these accounts, sessions named `cordon-*`, the global --external-id if
        /// given), and what the responders' identity needs (assume it, list the
        /// organization's accounts).
        #[arg(long, value_name = "ID")]
        trusted_account: Vec<String>,
    },
    /// CloudTrail and the responders' actions on one clock: build a timeline, or check
    /// a trail's log file integrity.
    Timeline {
        #[command(subcommand)]
        command: TimelineCommand,
    },
    /// Athena over a trail's archive: the table `timeline build --engine athena` queries.
    Athena {
        #[command(subcommand)]
        command: AthenaCommand,
    },
    /// Hunt with Sigma rules (`--rules`, e.g. a SigmaHQ checkout's rules/cloud/aws) over
    /// CloudTrail, from the same sources and with the same filters as `timeline build`:
    /// per rule its hits, first and last seen, actors, keys, addresses and resources;
    /// and the response each hit suggests. With --case, the summary is written to
    /// CASE_DIR/hunt.json (the report's Detections section).
    Hunt {
        #[command(flatten)]
        args: Box<TimelineArgs>,
        /// The summary's format (the global `--output json` also gives JSON).
        #[arg(long, value_enum, default_value = "text")]
        format: HuntFormat,
        /// Also write the matching events as a timeline (JSON Lines, each with its rules).
        #[arg(long, value_name = "FILE")]
        events: Option<PathBuf>,
        /// Write one finding file per suggested response (ASFF, which `cordon run
        /// --from-finding` reads) and print the command that runs each.
        #[arg(long)]
        suggest: bool,
        /// Where --suggest writes (default: CASE_DIR/suggestions with --case, else
        /// ./suggestions).
        #[arg(long, value_name = "DIR")]
        suggest_dir: Option<PathBuf>,
    },
    /// Drills and game days: a simulated incident set up in the local emulator (or an
    /// opted-in sandbox account), its attack played, the team's response scored, and
    /// everything the drill made deleted.
    Drill {
        #[command(subcommand)]
        command: DrillCommand,
    },
    /// Render the post-incident report of a case directory (from the case directory only).
    Report {
        case_dir: PathBuf,
        /// Markdown, one self-contained HTML page, or JSON (the report's data, for programs).
        #[arg(long, value_enum, default_value = "md")]
        format: ReportFormat,
        /// Where to write it (default: CASE_DIR/report.<md|html|json>).
        #[arg(long)]
        out: Option<PathBuf>,
        /// A directory with the organization's own minijinja templates (report.md.j2,
        /// report.html.j2); the shipped ones are in templates/.
        #[arg(long, value_name = "DIR")]
        template: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The playbook file (with `--plan`: defaults to the one the plan was made from).
    #[arg(required_unless_present = "plan")]
    pub playbook: Option<PathBuf>,
    /// Run exactly this reviewed plan (`cordon plan --output json`); refuses if the
    /// playbook, inputs, case or account differ from when it was made.
    #[arg(long, value_name = "PLAN.json")]
    pub plan: Option<PathBuf>,
    /// Case id, e.g. IR-2026-0042.
    #[arg(long = "case", value_name = "ID")]
    pub case: String,
    /// An input value, `key=value` (repeatable; wins over --inputs).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// A YAML or JSON file of input values.
    #[arg(long = "inputs", value_name = "FILE")]
    pub inputs: Option<PathBuf>,
    /// Fill inputs from a GuardDuty or Security Hub (ASFF) finding (JSON).
    #[arg(long = "from-finding", value_name = "FILE.json")]
    pub from_finding: Option<PathBuf>,
    /// The case directory (default: ./cases/<case id>).
    #[arg(long, value_name = "DIR")]
    pub case_dir: Option<PathBuf>,
    /// The responder's name, recorded in the chain of custody.
    #[arg(long, env = "CORDON_OPERATOR")]
    pub operator: Option<String>,
    /// Approve every step that asks for approval (`approve: true`) without asking.
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Subcommand)]
pub enum ActionsCommand {
    /// List every action.
    List,
    /// One action in full: parameters, outputs, permissions, undo, an example.
    Show { name: String },
    /// The Markdown reference of every action (what docs/actions.md holds).
    Docs,
    /// The exact commands the volatile-evidence actions send through Systems Manager
    /// (what docs/volatile-evidence.md holds).
    Commands,
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Mend a journal whose last line was torn (power loss, disk full): the torn bytes are
    /// kept as an artifact, the journal cut back to its last complete line, and the repair
    /// journaled. Nothing else rewrites a journal; any other damage is refused.
    Repair {
        case_dir: PathBuf,
        /// The responder's name, recorded in the chain of custody.
        #[arg(long, env = "CORDON_OPERATOR")]
        operator: Option<String>,
    },
    /// Check a case directory or a bundle: every hash, the journal's chain, the
    /// signature if there is one; a per-item result.
    Verify {
        /// A case directory, or a bundle (.zip) written by `cordon evidence bundle`.
        path: PathBuf,
        /// Trust this Ed25519 public key (PEM) as a signer of bundles (repeatable). The key
        /// lying beside a bundle is never trusted: it proves only that whoever left it signed.
        #[arg(long)]
        public_key: Vec<PathBuf>,
        /// A file of trusted signers' public keys (PEM, one or more). Default:
        /// $CORDON_TRUSTED_KEYS, else ~/.config/cordon/trusted-keys.pem when it exists.
        #[arg(long)]
        trusted_keys: Option<PathBuf>,
        /// Fail (exit status 5) unless the bundle is signed by a trusted key.
        #[arg(long)]
        require_signature: bool,
        /// A journal line hash kept outside the machine (every run, resume and undo prints
        /// the head), or a copy of the journal kept elsewhere (s3.export_evidence uploads
        /// one): the journal must still hold that line, so an edited or removed entry up
        /// to it is detected.
        #[arg(long)]
        anchor: Option<String>,
        /// The most bytes a bundle may inflate to when extracted for checking.
        #[arg(long, default_value_t = 64 << 30)]
        max_size: u64,
        /// Where a bundle is extracted for checking (default: the system's temporary
        /// directory, often a small tmpfs); its free space is checked first.
        #[arg(long)]
        extract_to: Option<PathBuf>,
        #[command(flatten)]
        custody: CustodyArgs,
    },
    /// A raw disk image of a snapshot through the EBS direct APIs (no volume, no helper
    /// instance): every block checked against the SHA-256 EBS sends with it. Writes FILE
    /// (sparse), FILE.blocks.json (each written block's index and SHA-256) and FILE.sha256.
    /// Run again after an interruption, it reads only the blocks it does not have.
    Image {
        snapshot_id: String,
        /// The image to write.
        #[arg(long)]
        out: PathBuf,
        /// Blocks read at once (memory: this many 512 KiB blocks).
        #[arg(long, default_value_t = 16)]
        concurrency: usize,
    },
    /// The blocks that differ between two snapshots of one volume (EBS ListChangedBlocks):
    /// what was written between a backup and the evidence snapshot, with byte offsets.
    ChangedBlocks {
        /// The earlier snapshot (e.g. the last backup).
        first: String,
        /// The later snapshot (e.g. the case's evidence snapshot).
        second: String,
    },
    /// Write the case as one deterministic zip with SHA256SUMS, optionally signed.
    Bundle {
        case_dir: PathBuf,
        /// The zip to write.
        #[arg(long)]
        out: PathBuf,
        /// Sign SHA256SUMS with this Ed25519 private key (PKCS#8 PEM, e.g. from
        /// `openssl genpkey -algorithm ed25519`); the signature (.sig) and public key
        /// (.pub) are written beside the zip.
        #[arg(long)]
        sign: Option<PathBuf>,
        #[command(flatten)]
        custody: CustodyArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum DrillCommand {
    /// The scenarios in ./drills.
    List,
    /// The JSON Schema of the scenario format (what docs/drill.schema.json holds).
    Schema,
    /// One scenario: what it sets up, the attack's calls (ATT&CK and Stratus Red Team
    /// ids), the alert and the pass mark.
    Show { scenario: String },
    /// Set up the scenario, play its attack (on the emulator, with its CloudTrail records
    /// in the drill's trail bucket), write the alert (DIR/alert.json, a GuardDuty finding
    /// for `cordon run --from-finding`) and print the briefing. A real account needs the
    /// global --account and the SSM parameter /cordon/drill-sandbox holding its id.
    Start {
        /// A scenario file, or the name of one in ./drills.
        scenario: String,
        /// The drill's directory (default ./drill-runs/<drill id>).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Hours until `cordon drill status` says cleanup is due.
        #[arg(long, default_value_t = 4)]
        ttl_hours: u32,
    },
    /// Where a drill stands: created, attacked, alert handed over, cleanup due or done.
    Status { dir: PathBuf },
    /// Score the response, read-only: the contained state, the evidence in the team's
    /// cases, time to detect and to contain, bystanders left untouched, steps failed or
    /// undone. Exits 1 below the pass mark.
    Score {
        dir: PathBuf,
        /// A case directory the team worked in (repeatable).
        #[arg(long = "case-dir", value_name = "DIR")]
        case_dirs: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: DrillFormat,
        /// Write the scorecard here instead of printing it.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Delete everything the drill created (its inventory, then a sweep for its id), and
    /// prove nothing carrying its id is left. Safe to re-run; the team's case
    /// directories are kept, and so are the snapshots the response took of the drill's
    /// volumes (evidence) unless --delete-evidence.
    Cleanup {
        dir: PathBuf,
        /// Also delete the snapshots of the drill's volumes (the response's evidence).
        #[arg(long)]
        delete_evidence: bool,
    },
    /// A game day: the file's scenarios started at their offsets, each for its team;
    /// those with a `respond` playbook responded to, scored and cleaned up, the others
    /// left for their team (score them with `cordon drill score`). One scoreboard
    /// (DIR/scoreboard.md and .json); exits 1 if a scored response did not pass.
    Gameday {
        file: PathBuf,
        /// Where the drills' directories and the scoreboard go (default
        /// ./drill-runs/gameday-<name>).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Start, respond with PLAYBOOK (its inputs from the alert), score and clean up, in
    /// one command: how a team tests its playbooks in CI. Exits 1 below the pass mark.
    Run {
        scenario: String,
        /// A playbook that responds: a file, or the name of one in ./playbooks. Repeat it
        /// for a response of several playbooks, run in order into one case.
        #[arg(long, value_name = "PLAYBOOK", required = true)]
        respond: Vec<String>,
        /// An input value, `key=value` (repeatable), given to each responding playbook
        /// that declares the input.
        #[arg(long = "set", value_name = "KEY=VALUE")]
        set: Vec<String>,
        /// The drill's directory (default ./drill-runs/<drill id>).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Leave the drill's resources in place (`cordon drill cleanup DIR` later).
        #[arg(long)]
        keep: bool,
        /// At cleanup, also delete the response's snapshots of the drill's volumes.
        #[arg(long, conflicts_with = "keep")]
        delete_evidence: bool,
        #[arg(long, value_enum, default_value = "text")]
        format: DrillFormat,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DrillFormat {
    Text,
    Json,
    Md,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HuntFormat {
    Text,
    Json,
    Md,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Md,
    Html,
    Json,
}

/// Who is handling the evidence, for the chain of custody.
#[derive(Debug, Clone, Args)]
pub struct CustodyArgs {
    /// The responder's name, recorded in the chain of custody.
    #[arg(long, env = "CORDON_OPERATOR")]
    pub operator: Option<String>,
    /// Do not append a custody record to the case's journal (e.g. read-only media).
    #[arg(long)]
    pub no_record: bool,
}
