//! The exact commands `ec2.capture_memory` and `ec2.live_response` send through Systems
//! Manager Run Command, as templates. `cargo xtask docgen` writes them, as they are here,
//! to `docs/volatile-evidence.md`; what Cordon sends is the template with each `@...@`
//! placeholder replaced, nothing else.
//!
//! Every script writes its outputs to a private temporary folder, and for each one prints
//! `CORDON-ARTIFACT <name> <sha256> <size>` after uploading it with an HTTP PUT to a
//! presigned S3 URL. Cordon reads those lines from the invocation's output (as Systems
//! Manager returns it) and accepts an uploaded object only when its bytes hash to what
//! the host printed.
//!
//! Placeholders: `@TOOL_URL@`, `@TOOL_SHA256@` (the acquisition tool and the SHA-256 it
//! must have), `@PUT:<name>@` (the presigned URL `<name>` is uploaded to).

/// Which shell the instance runs: the document and the scripts differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Linux,
    Windows,
}

impl Platform {
    /// The Run Command document for the platform.
    pub fn document(self) -> &'static str {
        match self {
            Self::Linux => "AWS-RunShellScript",
            Self::Windows => "AWS-RunPowerShellScript",
        }
    }

    /// The file name of the memory image.
    pub fn memory_file(self) -> &'static str {
        match self {
            Self::Linux => "memory.lime",
            Self::Windows => "memory.raw",
        }
    }
}

const LINUX_PRELUDE: &str = r#"umask 077
d=$(mktemp -d /tmp/cordon.XXXXXXXX)
trap 'rm -rf "$d"' EXIT
put() { h=$(sha256sum "$d/$1" | cut -d' ' -f1); s=$(stat -c %s "$d/$1"); curl -fsS --retry 3 -T "$d/$1" "$2" && echo "CORDON-ARTIFACT $1 $h $s"; }
"#;

const LINUX_MEMORY: &str = r#"set -eu
@PRELUDE@curl -fsS --retry 3 -o "$d/avml" '@TOOL_URL@'
echo '@TOOL_SHA256@  '"$d/avml" | sha256sum -c --status || { echo 'the acquisition tool does not have the pinned SHA-256' >&2; exit 2; }
chmod 700 "$d/avml"
"$d/avml" "$d/memory.lime"
put memory.lime '@PUT:memory.lime@'
"#;

const WINDOWS_PRELUDE: &str = r#"$d = Join-Path $env:TEMP ('cordon-' + [guid]::NewGuid())
New-Item -ItemType Directory -Path $d | Out-Null
function Put($n, $u) { $f = Join-Path $d $n; $h = (Get-FileHash -Algorithm SHA256 $f).Hash.ToLower(); $s = (Get-Item $f).Length; Invoke-WebRequest -UseBasicParsing -Method Put -InFile $f -Uri $u | Out-Null; "CORDON-ARTIFACT $n $h $s" }
"#;

const WINDOWS_MEMORY: &str = r#"$ErrorActionPreference = 'Stop'
@PRELUDE@try {
  Invoke-WebRequest -UseBasicParsing -Uri '@TOOL_URL@' -OutFile (Join-Path $d 'winpmem.exe')
  if ((Get-FileHash -Algorithm SHA256 (Join-Path $d 'winpmem.exe')).Hash.ToLower() -ne '@TOOL_SHA256@') { throw 'the acquisition tool does not have the pinned SHA-256' }
  & (Join-Path $d 'winpmem.exe') (Join-Path $d 'memory.raw') | Out-Null
  Put 'memory.raw' '@PUT:memory.raw@'
} finally { Remove-Item -Recurse -Force $d }
"#;

/// Live response on Linux: (output file, the read-only command that fills it).
pub const LINUX_SECTIONS: &[(&str, &str)] = &[
    ("processes.txt", "ps -eo pid,ppid,user,lstart,args --no-headers"),
    (
        "process-executables.txt",
        r#"for p in /proc/[0-9]*; do e=$(readlink "$p/exe" 2>/dev/null) || continue; printf '%s %s %s\n' "${p#/proc/}" "$(sha256sum < "$p/exe" 2>/dev/null | cut -d' ' -f1)" "$e"; done"#,
    ),
    ("connections.txt", "ss -tunap 2>/dev/null || netstat -tunap"),
    ("listening.txt", "ss -tulpn 2>/dev/null || netstat -tulpn"),
    ("logins.txt", "who -a; echo; last -F -n 200; echo; lastb -F -n 200"),
    (
        "jobs-and-services.txt",
        r#"for u in $(cut -d: -f1 /etc/passwd); do crontab -l -u "$u" 2>/dev/null | sed "s/^/$u: /"; done; ls -la /etc/cron* /var/spool/cron 2>/dev/null; systemctl list-timers --all --no-pager; systemctl list-units --type=service --all --no-pager"#,
    ),
    ("kernel-modules.txt", "lsmod"),
    (
        "recent-temp-files.txt",
        r#"find /tmp /var/tmp /dev/shm -xdev -type f -mtime -7 -printf '%TY-%Tm-%Td %TT %s %u %m %p\n'"#,
    ),
];

/// Live response on Windows: (output file, the read-only command that fills it).
pub const WINDOWS_SECTIONS: &[(&str, &str)] = &[
    (
        "processes.txt",
        "Get-CimInstance Win32_Process | Format-List ProcessId,ParentProcessId,Name,CreationDate,ExecutablePath,CommandLine",
    ),
    (
        "process-executables.txt",
        "Get-CimInstance Win32_Process | Where-Object ExecutablePath | ForEach-Object { '{0} {1} {2}' -f $_.ProcessId, (Get-FileHash -Algorithm SHA256 $_.ExecutablePath -ErrorAction SilentlyContinue).Hash, $_.ExecutablePath }",
    ),
    (
        "connections.txt",
        "Get-NetTCPConnection | Format-Table -AutoSize LocalAddress,LocalPort,RemoteAddress,RemotePort,State,OwningProcess",
    ),
    (
        "listening.txt",
        "Get-NetTCPConnection -State Listen | Format-Table -AutoSize LocalAddress,LocalPort,OwningProcess; Get-NetUDPEndpoint | Format-Table -AutoSize LocalAddress,LocalPort,OwningProcess",
    ),
    (
        "logins.txt",
        "query user; Get-WinEvent -FilterHashtable @{LogName='Security';Id=4624,4625,4648} -MaxEvents 200 | Format-List TimeCreated,Id,Message",
    ),
    (
        "jobs-and-services.txt",
        "Get-ScheduledTask | Format-List TaskPath,TaskName,State,Actions; Get-CimInstance Win32_Service | Format-List Name,State,StartMode,PathName",
    ),
    ("kernel-modules.txt", "driverquery /v"),
    (
        "recent-temp-files.txt",
        "Get-ChildItem -Recurse -Force -File $env:TEMP, C:\\Windows\\Temp -ErrorAction SilentlyContinue | Where-Object LastWriteTime -gt (Get-Date).AddDays(-7) | Format-Table -AutoSize LastWriteTime,Length,FullName",
    ),
];

/// The memory-capture template for `platform`.
pub fn memory_template(platform: Platform) -> String {
    match platform {
        Platform::Linux => LINUX_MEMORY.replace("@PRELUDE@", LINUX_PRELUDE),
        Platform::Windows => WINDOWS_MEMORY.replace("@PRELUDE@", WINDOWS_PRELUDE),
    }
}

/// The live-response template for `platform`.
pub fn live_response_template(platform: Platform) -> String {
    let mut s = String::new();
    match platform {
        Platform::Linux => {
            s.push_str("set -u\n");
            s.push_str(LINUX_PRELUDE);
            for (name, cmd) in LINUX_SECTIONS {
                s.push_str(&format!("{{ {cmd}; }} > \"$d/{name}\" 2>&1\n"));
            }
            for (name, _) in LINUX_SECTIONS {
                s.push_str(&format!("put {name} '@PUT:{name}@'\n"));
            }
        }
        Platform::Windows => {
            s.push_str(WINDOWS_PRELUDE);
            s.push_str("try {\n");
            for (name, cmd) in WINDOWS_SECTIONS {
                s.push_str(&format!(
                    "  & {{ {cmd} }} 2>&1 | Out-File -Encoding utf8 -Width 4096 (Join-Path $d '{name}')\n"
                ));
            }
            for (name, _) in WINDOWS_SECTIONS {
                s.push_str(&format!("  Put '{name}' '@PUT:{name}@'\n"));
            }
            s.push_str("} finally { Remove-Item -Recurse -Force $d }\n");
        }
    }
    s
}

/// The output files of live response on `platform`.
pub fn live_response_files(platform: Platform) -> Vec<&'static str> {
    let sections = match platform {
        Platform::Linux => LINUX_SECTIONS,
        Platform::Windows => WINDOWS_SECTIONS,
    };
    sections.iter().map(|(n, _)| *n).collect()
}

/// A value placed between single quotes in a script: a URL or a hash. Only characters
/// that need no quoting anywhere are allowed (presigned URLs are percent-encoded), so no
/// value can end the quoting and add a command.
pub fn quotable(what: &str, value: &str) -> Result<(), String> {
    let ok = |c: char| c.is_ascii_alphanumeric() || ":/?&=%._~+-".contains(c);
    match value.chars().find(|c| !ok(*c)) {
        None if !value.is_empty() => Ok(()),
        None => Err(format!("{what} is empty")),
        Some(c) => Err(format!("{what} holds {c:?}, which Cordon never puts in a command")),
    }
}

/// `template` with its placeholders replaced: `tool` (URL, SHA-256) and one presigned URL
/// per uploaded file. Every value is checked with [`quotable`].
pub fn render(template: &str, tool: Option<(&str, &str)>, puts: &[(String, String)]) -> Result<String, String> {
    let mut s = template.to_string();
    if let Some((url, sha)) = tool {
        quotable("the tool URL", url)?;
        quotable("the tool SHA-256", sha)?;
        s = s.replace("@TOOL_URL@", url).replace("@TOOL_SHA256@", sha);
    }
    for (name, url) in puts {
        quotable(&format!("the upload URL of {name}"), url)?;
        s = s.replace(&format!("@PUT:{name}@"), url);
    }
    if s.contains("@PUT:") || s.contains("@TOOL_") {
        return Err("a placeholder was left unfilled".into());
    }
    Ok(s)
}

/// One `CORDON-ARTIFACT` line of a command's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported {
    pub name: String,
    pub sha256: String,
    pub size: u64,
}

/// The `CORDON-ARTIFACT <name> <sha256> <size>` lines of `stdout` (others are ignored;
/// a malformed one is an error: the host printed something Cordon cannot trust).
pub fn reported(stdout: &str) -> Result<Vec<Reported>, String> {
    let mut out: Vec<Reported> = Vec::new();
    for line in stdout.lines() {
        let Some(rest) = line.trim_end_matches('\r').strip_prefix("CORDON-ARTIFACT ") else {
            continue;
        };
        let parts: Vec<&str> = rest.split(' ').collect();
        let [name, sha, size] = parts[..] else {
            return Err(format!("malformed line in the command's output: {line:?}"));
        };
        let hex = sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit());
        let size = size.parse::<u64>().ok().filter(|_| hex);
        let Some(size) = size else {
            return Err(format!("malformed line in the command's output: {line:?}"));
        };
        if out.iter().any(|r| r.name == name) {
            return Err(format!("the command's output reports {name} twice"));
        }
        out.push(Reported { name: name.to_string(), sha256: sha.to_ascii_lowercase(), size });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_every_placeholder_and_refuses_quote_breaking_values() {
        let t = memory_template(Platform::Linux);
        let sha = "a".repeat(64);
        let puts = vec![("memory.lime".to_string(), "http://127.0.0.1:5000/b/k?X-Amz-Signature=ab%2F".to_string())];
        let s = render(&t, Some(("s3-url", &sha)), &puts).unwrap();
        assert!(!s.contains("@PUT:") && !s.contains("@TOOL_"), "{s}");
        assert!(s.contains("put memory.lime 'http://127.0.0.1:5000/b/k?X-Amz-Signature=ab%2F'"));
        let evil = vec![("memory.lime".to_string(), "http://x/'; rm -rf / #".to_string())];
        assert!(render(&t, Some(("u", &sha)), &evil).is_err());
        assert!(render(&t, Some(("u", &sha)), &[]).is_err(), "an unfilled upload URL is refused");
        for p in [Platform::Linux, Platform::Windows] {
            let files = live_response_files(p);
            let puts: Vec<_> = files.iter().map(|f| (f.to_string(), "https://h/k".to_string())).collect();
            assert!(render(&live_response_template(p), None, &puts).is_ok());
        }
    }

    #[test]
    fn reads_reported_lines_and_refuses_malformed_or_repeated_ones() {
        let h = "0".repeat(64);
        let out = format!("noise\nCORDON-ARTIFACT memory.lime {h} 12\r\n");
        assert_eq!(reported(&out).unwrap(), vec![Reported { name: "memory.lime".into(), sha256: h.clone(), size: 12 }]);
        assert!(reported(&format!("CORDON-ARTIFACT m {h}")).is_err());
        assert!(reported("CORDON-ARTIFACT m zz 1").is_err());
        assert!(reported(&format!("CORDON-ARTIFACT m {h} 1\nCORDON-ARTIFACT m {h} 1")).is_err());
    }
}
