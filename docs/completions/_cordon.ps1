
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'cordon' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'cordon'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'cordon' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check playbooks: every problem, with file:line:column and a hint')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show what a run would change, after read-only checks against AWS. Makes no change')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a playbook: execute its steps, journaled, and write the case directory')
            [CompletionResult]::new('actions', 'actions', [CompletionResultType]::ParameterValue, 'The actions playbooks can use')
            [CompletionResult]::new('evidence', 'evidence', [CompletionResultType]::ParameterValue, 'Evidence in a case directory')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Undo what a case''s runs changed: the inverse steps, newest first, shown and checked, then executed after approval. Evidence is never deleted')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Continue a run that was interrupted (killed, crashed, lost its connection): completed steps are not repeated; an interrupted step is re-run idempotently')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'The JSON Schema of the playbook format (what docs/playbook.schema.json holds)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Shell completions for cordon, printed (also in docs/completions/)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'The man page (roff), printed (also docs/cordon.1)')
            [CompletionResult]::new('iam-policy', 'iam-policy', [CompletionResultType]::ParameterValue, 'The least-privilege IAM policy the playbooks need (JSON, ready to attach): what `run` and `resume` call, and what `undo` of their steps calls. The global `--account` scopes IAM and S3 resources to that account')
            [CompletionResult]::new('timeline', 'timeline', [CompletionResultType]::ParameterValue, 'CloudTrail and the responders'' actions on one clock: build a timeline, or check a trail''s log file integrity')
            [CompletionResult]::new('athena', 'athena', [CompletionResultType]::ParameterValue, 'Athena over a trail''s archive: the table `timeline build --engine athena` queries')
            [CompletionResult]::new('hunt', 'hunt', [CompletionResultType]::ParameterValue, 'Hunt with Sigma rules (`--rules`, e.g. a SigmaHQ checkout''s rules/cloud/aws) over CloudTrail, from the same sources and with the same filters as `timeline build`: per rule its hits, first and last seen, actors, keys, addresses and resources; and the response each hit suggests. With --case, the summary is written to CASE_DIR/hunt.json (the report''s Detections section)')
            [CompletionResult]::new('drill', 'drill', [CompletionResultType]::ParameterValue, 'Drills and game days: a simulated incident set up in the local emulator (or an opted-in sandbox account), its attack played, the team''s response scored, and everything the drill made deleted')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Render the post-incident report of a case directory (from the case directory only)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cordon;validate' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;plan' {
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Run exactly this reviewed plan (`cordon plan --output json`); refuses if the playbook, inputs, case or account differ from when it was made')
            [CompletionResult]::new('--case', '--case', [CompletionResultType]::ParameterName, 'Case id, e.g. IR-2026-0042')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'An input value, `key=value` (repeatable; wins over --inputs)')
            [CompletionResult]::new('--inputs', '--inputs', [CompletionResultType]::ParameterName, 'A YAML or JSON file of input values')
            [CompletionResult]::new('--from-finding', '--from-finding', [CompletionResultType]::ParameterName, 'Fill inputs from a GuardDuty or Security Hub (ASFF) finding (JSON)')
            [CompletionResult]::new('--case-dir', '--case-dir', [CompletionResultType]::ParameterName, 'The case directory (default: ./cases/<case id>)')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The responder''s name, recorded in the chain of custody')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve every step that asks for approval (`approve: true`) without asking')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;run' {
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Run exactly this reviewed plan (`cordon plan --output json`); refuses if the playbook, inputs, case or account differ from when it was made')
            [CompletionResult]::new('--case', '--case', [CompletionResultType]::ParameterName, 'Case id, e.g. IR-2026-0042')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'An input value, `key=value` (repeatable; wins over --inputs)')
            [CompletionResult]::new('--inputs', '--inputs', [CompletionResultType]::ParameterName, 'A YAML or JSON file of input values')
            [CompletionResult]::new('--from-finding', '--from-finding', [CompletionResultType]::ParameterName, 'Fill inputs from a GuardDuty or Security Hub (ASFF) finding (JSON)')
            [CompletionResult]::new('--case-dir', '--case-dir', [CompletionResultType]::ParameterName, 'The case directory (default: ./cases/<case id>)')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The responder''s name, recorded in the chain of custody')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve every step that asks for approval (`approve: true`) without asking')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;actions' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every action')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One action in full: parameters, outputs, permissions, undo, an example')
            [CompletionResult]::new('docs', 'docs', [CompletionResultType]::ParameterValue, 'The Markdown reference of every action (what docs/actions.md holds)')
            [CompletionResult]::new('commands', 'commands', [CompletionResultType]::ParameterValue, 'The exact commands the volatile-evidence actions send through Systems Manager (what docs/volatile-evidence.md holds)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cordon;actions;list' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;actions;show' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;actions;docs' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;actions;commands' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;actions;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every action')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One action in full: parameters, outputs, permissions, undo, an example')
            [CompletionResult]::new('docs', 'docs', [CompletionResultType]::ParameterValue, 'The Markdown reference of every action (what docs/actions.md holds)')
            [CompletionResult]::new('commands', 'commands', [CompletionResultType]::ParameterValue, 'The exact commands the volatile-evidence actions send through Systems Manager (what docs/volatile-evidence.md holds)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cordon;actions;help;list' {
            break
        }
        'cordon;actions;help;show' {
            break
        }
        'cordon;actions;help;docs' {
            break
        }
        'cordon;actions;help;commands' {
            break
        }
        'cordon;actions;help;help' {
            break
        }
        'cordon;evidence' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('repair', 'repair', [CompletionResultType]::ParameterValue, 'Mend a journal whose last line was torn (power loss, disk full): the torn bytes are kept as an artifact, the journal cut back to its last complete line, and the repair journaled. Nothing else rewrites a journal; any other damage is refused')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a case directory or a bundle: every hash, the journal''s chain, the signature if there is one; a per-item result')
            [CompletionResult]::new('image', 'image', [CompletionResultType]::ParameterValue, 'A raw disk image of a snapshot through the EBS direct APIs (no volume, no helper instance): every block checked against the SHA-256 EBS sends with it. Writes FILE (sparse), FILE.blocks.json (each written block''s index and SHA-256) and FILE.sha256. Run again after an interruption, it reads only the blocks it does not have')
            [CompletionResult]::new('changed-blocks', 'changed-blocks', [CompletionResultType]::ParameterValue, 'The blocks that differ between two snapshots of one volume (EBS ListChangedBlocks): what was written between a backup and the evidence snapshot, with byte offsets')
            [CompletionResult]::new('bundle', 'bundle', [CompletionResultType]::ParameterValue, 'Write the case as one deterministic zip with SHA256SUMS, optionally signed')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cordon;evidence;repair' {
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The responder''s name, recorded in the chain of custody')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;evidence;verify' {
            [CompletionResult]::new('--public-key', '--public-key', [CompletionResultType]::ParameterName, 'Trust this Ed25519 public key (PEM) as a signer of bundles (repeatable). The key lying beside a bundle is never trusted: it proves only that whoever left it signed')
            [CompletionResult]::new('--trusted-keys', '--trusted-keys', [CompletionResultType]::ParameterName, 'A file of trusted signers'' public keys (PEM, one or more). Default: $CORDON_TRUSTED_KEYS, else ~/.config/cordon/trusted-keys.pem when it exists')
            [CompletionResult]::new('--anchor', '--anchor', [CompletionResultType]::ParameterName, 'A journal line hash kept outside the machine (every run, resume and undo prints the head), or a copy of the journal kept elsewhere (s3.export_evidence uploads one): the journal must still hold that line, so an edited or removed entry up to it is detected')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'The most bytes a bundle may inflate to when extracted for checking')
            [CompletionResult]::new('--extract-to', '--extract-to', [CompletionResultType]::ParameterName, 'Where a bundle is extracted for checking (default: the system''s temporary directory, often a small tmpfs); its free space is checked first')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The responder''s name, recorded in the chain of custody')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--require-signature', '--require-signature', [CompletionResultType]::ParameterName, 'Fail (exit status 5) unless the bundle is signed by a trusted key')
            [CompletionResult]::new('--no-record', '--no-record', [CompletionResultType]::ParameterName, 'Do not append a custody record to the case''s journal (e.g. read-only media)')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;evidence;image' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The image to write')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Blocks read at once (memory: this many 512 KiB blocks)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;evidence;changed-blocks' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;evidence;bundle' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The zip to write')
            [CompletionResult]::new('--sign', '--sign', [CompletionResultType]::ParameterName, 'Sign SHA256SUMS with this Ed25519 private key (PKCS#8 PEM, e.g. from `openssl genpkey -algorithm ed25519`); the signature (.sig) and public key (.pub) are written beside the zip')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The responder''s name, recorded in the chain of custody')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--no-record', '--no-record', [CompletionResultType]::ParameterName, 'Do not append a custody record to the case''s journal (e.g. read-only media)')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;evidence;help' {
            [CompletionResult]::new('repair', 'repair', [CompletionResultType]::ParameterValue, 'Mend a journal whose last line was torn (power loss, disk full): the torn bytes are kept as an artifact, the journal cut back to its last complete line, and the repair journaled. Nothing else rewrites a journal; any other damage is refused')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a case directory or a bundle: every hash, the journal''s chain, the signature if there is one; a per-item result')
            [CompletionResult]::new('image', 'image', [CompletionResultType]::ParameterValue, 'A raw disk image of a snapshot through the EBS direct APIs (no volume, no helper instance): every block checked against the SHA-256 EBS sends with it. Writes FILE (sparse), FILE.blocks.json (each written block''s index and SHA-256) and FILE.sha256. Run again after an interruption, it reads only the blocks it does not have')
            [CompletionResult]::new('changed-blocks', 'changed-blocks', [CompletionResultType]::ParameterValue, 'The blocks that differ between two snapshots of one volume (EBS ListChangedBlocks): what was written between a backup and the evidence snapshot, with byte offsets')
            [CompletionResult]::new('bundle', 'bundle', [CompletionResultType]::ParameterValue, 'Write the case as one deterministic zip with SHA256SUMS, optionally signed')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cordon;evidence;help;repair' {
            break
        }
        'cordon;evidence;help;verify' {
            break
        }
        'cordon;evidence;help;image' {
            break
        }
        'cordon;evidence;help;changed-blocks' {
            break
        }
        'cordon;evidence;help;bundle' {
            break
        }
        'cordon;evidence;help;help' {
            break
        }
        'cordon;undo' {
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The responder''s name, recorded in the chain of custody')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve without asking')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Restore even what someone changed since Cordon changed it (by default such a resource is left as it is and named)')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;resume' {
            [CompletionResult]::new('--playbook', '--playbook', [CompletionResultType]::ParameterName, 'The playbook, if it is no longer at the path the run recorded')
            [CompletionResult]::new('--operator', '--operator', [CompletionResultType]::ParameterName, 'The responder''s name, recorded in the chain of custody')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Approve every step that asks for approval without asking')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;schema' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;completions' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;man' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;iam-policy' {
            [CompletionResult]::new('--partition', '--partition', [CompletionResultType]::ParameterName, 'The partition the resource ARNs are written for')
            [CompletionResult]::new('--trusted-account', '--trusted-account', [CompletionResultType]::ParameterName, 'Many accounts: the account(s) the responders act from (repeatable). Prints the member-account role (`--role-name`) as a whole: its permissions, its trust policy (these accounts, sessions named `cordon-*`, the global --external-id if given), and what the responders'' identity needs (assume it, list the organization''s accounts)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--no-undo', '--no-undo', [CompletionResultType]::ParameterName, 'Leave out what `cordon undo` needs (a role that may only contain)')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;timeline' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('build', 'build', [CompletionResultType]::ParameterValue, 'Merge sources into one timeline: sorted, duplicates dropped, filtered')
            [CompletionResult]::new('verify-digests', 'verify-digests', [CompletionResultType]::ParameterValue, 'Validate the trail''s digest files for the window: signatures (RSA SHA-256 with CloudTrail''s public keys), the chain between digests, and every log file''s hash; reports missing, changed and unsigned files')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cordon;timeline;build' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'The trail''s S3 archive, `s3://bucket/prefix`. The global `--account` and `--region` choose which account and Region folders are read (default: all)')
            [CompletionResult]::new('--bucket-region', '--bucket-region', [CompletionResultType]::ParameterName, 'The archive bucket''s Region, if not the one in use')
            [CompletionResult]::new('--case', '--case', [CompletionResultType]::ParameterName, 'A case directory: its responders'' actions are merged in, and the timeline is written to CASE_DIR/timeline.jsonl unless --out says otherwise')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'Window start (RFC 3339, e.g. 2026-11-29T10:00:00Z), inclusive')
            [CompletionResult]::new('--end', '--end', [CompletionResultType]::ParameterName, 'Window end (RFC 3339), inclusive')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Keep events by this actor (substring of the actor, ARN or session name; repeatable)')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Keep events made with this access key id (repeatable)')
            [CompletionResult]::new('--event-name', '--event-name', [CompletionResultType]::ParameterName, 'Keep events with this name (repeatable)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Keep events touching a resource containing this (repeatable)')
            [CompletionResult]::new('--source-ip', '--source-ip', [CompletionResultType]::ParameterName, 'Keep events from this source IP (repeatable)')
            [CompletionResult]::new('--max-file-size', '--max-file-size', [CompletionResultType]::ParameterName, 'The largest file read, and the most a compressed file may inflate to')
            [CompletionResult]::new('--max-memory', '--max-memory', [CompletionResultType]::ParameterName, 'The most file bytes and inflated text that the parallel readers hold at once (a file needs its size plus its inflated size within it)')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Sigma rules: files or directories of `.yml` (product aws, service cloudtrail). Each matching event carries the rules it matched (id, title, level, tags); rules that cannot be used are reported with file and line, and the rest still run')
            [CompletionResult]::new('--engine', '--engine', [CompletionResultType]::ParameterName, 'Where the trail is read: here (`local`: files, `--from` the archive, `--lookup`), in Athena (`athena`: the window and filters become one query over `--table`, only the answer comes back; `--from` then names the table''s location, listed, never read, to estimate the scan; see `cordon athena ddl`), or in CloudTrail Lake (`lake`: one query over `--event-data-store`). See docs/athena.md')
            [CompletionResult]::new('--event-data-store', '--event-data-store', [CompletionResultType]::ParameterName, 'The CloudTrail Lake event data store `--engine lake` queries (its ARN or id)')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'The CloudTrail table `--engine athena` queries, DATABASE.TABLE')
            [CompletionResult]::new('--workgroup', '--workgroup', [CompletionResultType]::ParameterName, 'The Athena workgroup (its result location and limits apply)')
            [CompletionResult]::new('--output-location', '--output-location', [CompletionResultType]::ParameterName, 'Where Athena writes the results, `s3://...`, unless the workgroup sets it')
            [CompletionResult]::new('--max-scan-gb', '--max-scan-gb', [CompletionResultType]::ParameterName, 'Refuse an Athena query whose partitions hold more than this many GB (10^9 bytes): estimated before it starts by listing them under `--from`')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Where to write (default: CASE_DIR/timeline.jsonl with --case, else stdout)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--lookup', '--lookup', [CompletionResultType]::ParameterName, 'Also read CloudTrail''s LookupEvents API (management events, last 90 days)')
            [CompletionResult]::new('--errors-only', '--errors-only', [CompletionResultType]::ParameterName, 'Keep only events that failed (with an error code)')
            [CompletionResult]::new('--writes-only', '--writes-only', [CompletionResultType]::ParameterName, 'Keep only events that are not read-only')
            [CompletionResult]::new('--show-query', '--show-query', [CompletionResultType]::ParameterName, 'With --engine athena or lake: print the query and what it pushes down, and stop. Nothing is listed, started or read (no AWS call): the SQL to review, or to paste into the console')
            [CompletionResult]::new('--all-files', '--all-files', [CompletionResultType]::ParameterName, 'Read every local file. By default, with --start or --end, a file named as CloudTrail names its log files (ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHMMZ_ID.json.gz) is skipped when its delivery stamp shows it cannot hold events in the window')
            [CompletionResult]::new('--raw', '--raw', [CompletionResultType]::ParameterName, 'Embed each event''s whole CloudTrail record (`raw`) in JSON Lines output. Off by default: it doubles the output, and its free-form request and response fields become thousands of index fields in Timesketch/OpenSearch; `origin` and `event_id` locate the record in its file')
            [CompletionResult]::new('--no-raw', '--no-raw', [CompletionResultType]::ParameterName, 'The default (no raw record); accepted for scripts written for earlier versions')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'cordon;timeline;verify-digests' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'The trail''s S3 archive, `s3://bucket/prefix`')
            [CompletionResult]::new('--bucket-region', '--bucket-region', [CompletionResultType]::ParameterName, 'The archive bucket''s Region, if not the one in use')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'Window start (RFC 3339)')
            [CompletionResult]::new('--end', '--end', [CompletionResultType]::ParameterName, 'Window end (RFC 3339)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;timeline;help' {
            [CompletionResult]::new('build', 'build', [CompletionResultType]::ParameterValue, 'Merge sources into one timeline: sorted, duplicates dropped, filtered')
            [CompletionResult]::new('verify-digests', 'verify-digests', [CompletionResultType]::ParameterValue, 'Validate the trail''s digest files for the window: signatures (RSA SHA-256 with CloudTrail''s public keys), the chain between digests, and every log file''s hash; reports missing, changed and unsigned files')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cordon;timeline;help;build' {
            break
        }
        'cordon;timeline;help;verify-digests' {
            break
        }
        'cordon;timeline;help;help' {
            break
        }
        'cordon;athena' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('ddl', 'ddl', [CompletionResultType]::ParameterValue, 'Print the CloudTrail table `timeline build --engine athena` queries, over a trail''s archive, with partition projection over account, Region and day (organization and single-account trails); `--apply` creates it. Its accounts and Regions: the global --accounts and --regions, else the archive''s folders (listed)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cordon;athena;ddl' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'The trail''s archive: `s3://bucket/[prefix/]AWSLogs/[o-ORGID/]`')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'DATABASE.TABLE to create')
            [CompletionResult]::new('--database', '--database', [CompletionResultType]::ParameterName, 'The database to create it in, as the table `cloudtrail` (short for `--table DATABASE.cloudtrail`)')
            [CompletionResult]::new('--bucket-region', '--bucket-region', [CompletionResultType]::ParameterName, 'The archive bucket''s Region, if not the one in use')
            [CompletionResult]::new('--workgroup', '--workgroup', [CompletionResultType]::ParameterName, 'The Athena workgroup, with --apply')
            [CompletionResult]::new('--output-location', '--output-location', [CompletionResultType]::ParameterName, 'Where Athena writes the statement''s results, with --apply, unless the workgroup sets it')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--apply', '--apply', [CompletionResultType]::ParameterName, 'Create the table in Athena (the statement runs in `--workgroup`)')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;athena;help' {
            [CompletionResult]::new('ddl', 'ddl', [CompletionResultType]::ParameterValue, 'Print the CloudTrail table `timeline build --engine athena` queries, over a trail''s archive, with partition projection over account, Region and day (organization and single-account trails); `--apply` creates it. Its accounts and Regions: the global --accounts and --regions, else the archive''s folders (listed)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cordon;athena;help;ddl' {
            break
        }
        'cordon;athena;help;help' {
            break
        }
        'cordon;hunt' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'The trail''s S3 archive, `s3://bucket/prefix`. The global `--account` and `--region` choose which account and Region folders are read (default: all)')
            [CompletionResult]::new('--bucket-region', '--bucket-region', [CompletionResultType]::ParameterName, 'The archive bucket''s Region, if not the one in use')
            [CompletionResult]::new('--case', '--case', [CompletionResultType]::ParameterName, 'A case directory: its responders'' actions are merged in, and the timeline is written to CASE_DIR/timeline.jsonl unless --out says otherwise')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'Window start (RFC 3339, e.g. 2026-11-29T10:00:00Z), inclusive')
            [CompletionResult]::new('--end', '--end', [CompletionResultType]::ParameterName, 'Window end (RFC 3339), inclusive')
            [CompletionResult]::new('--actor', '--actor', [CompletionResultType]::ParameterName, 'Keep events by this actor (substring of the actor, ARN or session name; repeatable)')
            [CompletionResult]::new('--access-key', '--access-key', [CompletionResultType]::ParameterName, 'Keep events made with this access key id (repeatable)')
            [CompletionResult]::new('--event-name', '--event-name', [CompletionResultType]::ParameterName, 'Keep events with this name (repeatable)')
            [CompletionResult]::new('--resource', '--resource', [CompletionResultType]::ParameterName, 'Keep events touching a resource containing this (repeatable)')
            [CompletionResult]::new('--source-ip', '--source-ip', [CompletionResultType]::ParameterName, 'Keep events from this source IP (repeatable)')
            [CompletionResult]::new('--max-file-size', '--max-file-size', [CompletionResultType]::ParameterName, 'The largest file read, and the most a compressed file may inflate to')
            [CompletionResult]::new('--max-memory', '--max-memory', [CompletionResultType]::ParameterName, 'The most file bytes and inflated text that the parallel readers hold at once (a file needs its size plus its inflated size within it)')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Sigma rules: files or directories of `.yml` (product aws, service cloudtrail). Each matching event carries the rules it matched (id, title, level, tags); rules that cannot be used are reported with file and line, and the rest still run')
            [CompletionResult]::new('--engine', '--engine', [CompletionResultType]::ParameterName, 'Where the trail is read: here (`local`: files, `--from` the archive, `--lookup`), in Athena (`athena`: the window and filters become one query over `--table`, only the answer comes back; `--from` then names the table''s location, listed, never read, to estimate the scan; see `cordon athena ddl`), or in CloudTrail Lake (`lake`: one query over `--event-data-store`). See docs/athena.md')
            [CompletionResult]::new('--event-data-store', '--event-data-store', [CompletionResultType]::ParameterName, 'The CloudTrail Lake event data store `--engine lake` queries (its ARN or id)')
            [CompletionResult]::new('--table', '--table', [CompletionResultType]::ParameterName, 'The CloudTrail table `--engine athena` queries, DATABASE.TABLE')
            [CompletionResult]::new('--workgroup', '--workgroup', [CompletionResultType]::ParameterName, 'The Athena workgroup (its result location and limits apply)')
            [CompletionResult]::new('--output-location', '--output-location', [CompletionResultType]::ParameterName, 'Where Athena writes the results, `s3://...`, unless the workgroup sets it')
            [CompletionResult]::new('--max-scan-gb', '--max-scan-gb', [CompletionResultType]::ParameterName, 'Refuse an Athena query whose partitions hold more than this many GB (10^9 bytes): estimated before it starts by listing them under `--from`')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The summary''s format (the global `--output json` also gives JSON)')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Also write the matching events as a timeline (JSON Lines, each with its rules)')
            [CompletionResult]::new('--suggest-dir', '--suggest-dir', [CompletionResultType]::ParameterName, 'Where --suggest writes (default: CASE_DIR/suggestions with --case, else ./suggestions)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--lookup', '--lookup', [CompletionResultType]::ParameterName, 'Also read CloudTrail''s LookupEvents API (management events, last 90 days)')
            [CompletionResult]::new('--errors-only', '--errors-only', [CompletionResultType]::ParameterName, 'Keep only events that failed (with an error code)')
            [CompletionResult]::new('--writes-only', '--writes-only', [CompletionResultType]::ParameterName, 'Keep only events that are not read-only')
            [CompletionResult]::new('--show-query', '--show-query', [CompletionResultType]::ParameterName, 'With --engine athena or lake: print the query and what it pushes down, and stop. Nothing is listed, started or read (no AWS call): the SQL to review, or to paste into the console')
            [CompletionResult]::new('--all-files', '--all-files', [CompletionResultType]::ParameterName, 'Read every local file. By default, with --start or --end, a file named as CloudTrail names its log files (ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHMMZ_ID.json.gz) is skipped when its delivery stamp shows it cannot hold events in the window')
            [CompletionResult]::new('--suggest', '--suggest', [CompletionResultType]::ParameterName, 'Write one finding file per suggested response (ASFF, which `cordon run --from-finding` reads) and print the command that runs each')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;drill' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The scenarios in ./drills')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'The JSON Schema of the scenario format (what docs/drill.schema.json holds)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One scenario: what it sets up, the attack''s calls (ATT&CK and Stratus Red Team ids), the alert and the pass mark')
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Set up the scenario, play its attack (on the emulator, with its CloudTrail records in the drill''s trail bucket), write the alert (DIR/alert.json, a GuardDuty finding for `cordon run --from-finding`) and print the briefing. A real account needs the global --account and the SSM parameter /cordon/drill-sandbox holding its id')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Where a drill stands: created, attacked, alert handed over, cleanup due or done')
            [CompletionResult]::new('score', 'score', [CompletionResultType]::ParameterValue, 'Score the response, read-only: the contained state, the evidence in the team''s cases, time to detect and to contain, bystanders left untouched, steps failed or undone. Exits 1 below the pass mark')
            [CompletionResult]::new('cleanup', 'cleanup', [CompletionResultType]::ParameterValue, 'Delete everything the drill created (its inventory, then a sweep for its id), and prove nothing carrying its id is left. Safe to re-run; the team''s case directories are kept, and so are the snapshots the response took of the drill''s volumes (evidence) unless --delete-evidence')
            [CompletionResult]::new('gameday', 'gameday', [CompletionResultType]::ParameterValue, 'A game day: the file''s scenarios started at their offsets, each for its team; those with a `respond` playbook responded to, scored and cleaned up, the others left for their team (score them with `cordon drill score`). One scoreboard (DIR/scoreboard.md and .json); exits 1 if a scored response did not pass')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Start, respond with PLAYBOOK (its inputs from the alert), score and clean up, in one command: how a team tests its playbooks in CI. Exits 1 below the pass mark')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cordon;drill;list' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;drill;schema' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;drill;show' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;drill;start' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The drill''s directory (default ./drill-runs/<drill id>)')
            [CompletionResult]::new('--ttl-hours', '--ttl-hours', [CompletionResultType]::ParameterName, 'Hours until `cordon drill status` says cleanup is due')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;drill;status' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;drill;score' {
            [CompletionResult]::new('--case-dir', '--case-dir', [CompletionResultType]::ParameterName, 'A case directory the team worked in (repeatable)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the scorecard here instead of printing it')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;drill;cleanup' {
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--delete-evidence', '--delete-evidence', [CompletionResultType]::ParameterName, 'Also delete the snapshots of the drill''s volumes (the response''s evidence)')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;drill;gameday' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Where the drills'' directories and the scoreboard go (default ./drill-runs/gameday-<name>)')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;drill;run' {
            [CompletionResult]::new('--respond', '--respond', [CompletionResultType]::ParameterName, 'A playbook that responds: a file, or the name of one in ./playbooks. Repeat it for a response of several playbooks, run in order into one case')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'An input value, `key=value` (repeatable), given to each responding playbook that declares the input')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The drill''s directory (default ./drill-runs/<drill id>)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Leave the drill''s resources in place (`cordon drill cleanup DIR` later)')
            [CompletionResult]::new('--delete-evidence', '--delete-evidence', [CompletionResultType]::ParameterName, 'At cleanup, also delete the response''s snapshots of the drill''s volumes')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;drill;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The scenarios in ./drills')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'The JSON Schema of the scenario format (what docs/drill.schema.json holds)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One scenario: what it sets up, the attack''s calls (ATT&CK and Stratus Red Team ids), the alert and the pass mark')
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Set up the scenario, play its attack (on the emulator, with its CloudTrail records in the drill''s trail bucket), write the alert (DIR/alert.json, a GuardDuty finding for `cordon run --from-finding`) and print the briefing. A real account needs the global --account and the SSM parameter /cordon/drill-sandbox holding its id')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Where a drill stands: created, attacked, alert handed over, cleanup due or done')
            [CompletionResult]::new('score', 'score', [CompletionResultType]::ParameterValue, 'Score the response, read-only: the contained state, the evidence in the team''s cases, time to detect and to contain, bystanders left untouched, steps failed or undone. Exits 1 below the pass mark')
            [CompletionResult]::new('cleanup', 'cleanup', [CompletionResultType]::ParameterValue, 'Delete everything the drill created (its inventory, then a sweep for its id), and prove nothing carrying its id is left. Safe to re-run; the team''s case directories are kept, and so are the snapshots the response took of the drill''s volumes (evidence) unless --delete-evidence')
            [CompletionResult]::new('gameday', 'gameday', [CompletionResultType]::ParameterValue, 'A game day: the file''s scenarios started at their offsets, each for its team; those with a `respond` playbook responded to, scored and cleaned up, the others left for their team (score them with `cordon drill score`). One scoreboard (DIR/scoreboard.md and .json); exits 1 if a scored response did not pass')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Start, respond with PLAYBOOK (its inputs from the alert), score and clean up, in one command: how a team tests its playbooks in CI. Exits 1 below the pass mark')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cordon;drill;help;list' {
            break
        }
        'cordon;drill;help;schema' {
            break
        }
        'cordon;drill;help;show' {
            break
        }
        'cordon;drill;help;start' {
            break
        }
        'cordon;drill;help;status' {
            break
        }
        'cordon;drill;help;score' {
            break
        }
        'cordon;drill;help;cleanup' {
            break
        }
        'cordon;drill;help;gameday' {
            break
        }
        'cordon;drill;help;run' {
            break
        }
        'cordon;drill;help;help' {
            break
        }
        'cordon;report' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Markdown, one self-contained HTML page, or JSON (the report''s data, for programs)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Where to write it (default: CASE_DIR/report.<md|html|json>)')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'A directory with the organization''s own minijinja templates (report.md.j2, report.html.j2); the shipped ones are in templates/')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'AWS profile (default: the standard credential chain)')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'AWS Region (default: from the profile or AWS_REGION)')
            [CompletionResult]::new('--endpoint-url', '--endpoint-url', [CompletionResultType]::ParameterName, 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)')
            [CompletionResult]::new('--account', '--account', [CompletionResultType]::ParameterName, 'Refuse to act in any account but this one (with --role-arn: the role''s account)')
            [CompletionResult]::new('--role-arn', '--role-arn', [CompletionResultType]::ParameterName, 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)')
            [CompletionResult]::new('--external-id', '--external-id', [CompletionResultType]::ParameterName, 'The external id the role''s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'The assumed role session''s length in seconds (it is renewed as it runs out)')
            [CompletionResult]::new('--accounts', '--accounts', [CompletionResultType]::ParameterName, 'Target these accounts (comma-separated), each through --role-name')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'With --org: only the accounts of this organizational unit and the units beneath it')
            [CompletionResult]::new('--role-name', '--role-name', [CompletionResultType]::ParameterName, 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)')
            [CompletionResult]::new('--regions', '--regions', [CompletionResultType]::ParameterName, 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)')
            [CompletionResult]::new('--max-accounts', '--max-accounts', [CompletionResultType]::ParameterName, 'How many accounts and Regions are worked on at once')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--max-parallel', '--max-parallel', [CompletionResultType]::ParameterName, 'How many independent steps (or `for_each` items) run at once')
            [CompletionResult]::new('--allow-insecure-endpoint', '--allow-insecure-endpoint', [CompletionResultType]::ParameterName, 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'cordon;help' {
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check playbooks: every problem, with file:line:column and a hint')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'Show what a run would change, after read-only checks against AWS. Makes no change')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run a playbook: execute its steps, journaled, and write the case directory')
            [CompletionResult]::new('actions', 'actions', [CompletionResultType]::ParameterValue, 'The actions playbooks can use')
            [CompletionResult]::new('evidence', 'evidence', [CompletionResultType]::ParameterValue, 'Evidence in a case directory')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Undo what a case''s runs changed: the inverse steps, newest first, shown and checked, then executed after approval. Evidence is never deleted')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Continue a run that was interrupted (killed, crashed, lost its connection): completed steps are not repeated; an interrupted step is re-run idempotently')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'The JSON Schema of the playbook format (what docs/playbook.schema.json holds)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Shell completions for cordon, printed (also in docs/completions/)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'The man page (roff), printed (also docs/cordon.1)')
            [CompletionResult]::new('iam-policy', 'iam-policy', [CompletionResultType]::ParameterValue, 'The least-privilege IAM policy the playbooks need (JSON, ready to attach): what `run` and `resume` call, and what `undo` of their steps calls. The global `--account` scopes IAM and S3 resources to that account')
            [CompletionResult]::new('timeline', 'timeline', [CompletionResultType]::ParameterValue, 'CloudTrail and the responders'' actions on one clock: build a timeline, or check a trail''s log file integrity')
            [CompletionResult]::new('athena', 'athena', [CompletionResultType]::ParameterValue, 'Athena over a trail''s archive: the table `timeline build --engine athena` queries')
            [CompletionResult]::new('hunt', 'hunt', [CompletionResultType]::ParameterValue, 'Hunt with Sigma rules (`--rules`, e.g. a SigmaHQ checkout''s rules/cloud/aws) over CloudTrail, from the same sources and with the same filters as `timeline build`: per rule its hits, first and last seen, actors, keys, addresses and resources; and the response each hit suggests. With --case, the summary is written to CASE_DIR/hunt.json (the report''s Detections section)')
            [CompletionResult]::new('drill', 'drill', [CompletionResultType]::ParameterValue, 'Drills and game days: a simulated incident set up in the local emulator (or an opted-in sandbox account), its attack played, the team''s response scored, and everything the drill made deleted')
            [CompletionResult]::new('report', 'report', [CompletionResultType]::ParameterValue, 'Render the post-incident report of a case directory (from the case directory only)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cordon;help;validate' {
            break
        }
        'cordon;help;plan' {
            break
        }
        'cordon;help;run' {
            break
        }
        'cordon;help;actions' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every action')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One action in full: parameters, outputs, permissions, undo, an example')
            [CompletionResult]::new('docs', 'docs', [CompletionResultType]::ParameterValue, 'The Markdown reference of every action (what docs/actions.md holds)')
            [CompletionResult]::new('commands', 'commands', [CompletionResultType]::ParameterValue, 'The exact commands the volatile-evidence actions send through Systems Manager (what docs/volatile-evidence.md holds)')
            break
        }
        'cordon;help;actions;list' {
            break
        }
        'cordon;help;actions;show' {
            break
        }
        'cordon;help;actions;docs' {
            break
        }
        'cordon;help;actions;commands' {
            break
        }
        'cordon;help;evidence' {
            [CompletionResult]::new('repair', 'repair', [CompletionResultType]::ParameterValue, 'Mend a journal whose last line was torn (power loss, disk full): the torn bytes are kept as an artifact, the journal cut back to its last complete line, and the repair journaled. Nothing else rewrites a journal; any other damage is refused')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a case directory or a bundle: every hash, the journal''s chain, the signature if there is one; a per-item result')
            [CompletionResult]::new('image', 'image', [CompletionResultType]::ParameterValue, 'A raw disk image of a snapshot through the EBS direct APIs (no volume, no helper instance): every block checked against the SHA-256 EBS sends with it. Writes FILE (sparse), FILE.blocks.json (each written block''s index and SHA-256) and FILE.sha256. Run again after an interruption, it reads only the blocks it does not have')
            [CompletionResult]::new('changed-blocks', 'changed-blocks', [CompletionResultType]::ParameterValue, 'The blocks that differ between two snapshots of one volume (EBS ListChangedBlocks): what was written between a backup and the evidence snapshot, with byte offsets')
            [CompletionResult]::new('bundle', 'bundle', [CompletionResultType]::ParameterValue, 'Write the case as one deterministic zip with SHA256SUMS, optionally signed')
            break
        }
        'cordon;help;evidence;repair' {
            break
        }
        'cordon;help;evidence;verify' {
            break
        }
        'cordon;help;evidence;image' {
            break
        }
        'cordon;help;evidence;changed-blocks' {
            break
        }
        'cordon;help;evidence;bundle' {
            break
        }
        'cordon;help;undo' {
            break
        }
        'cordon;help;resume' {
            break
        }
        'cordon;help;schema' {
            break
        }
        'cordon;help;completions' {
            break
        }
        'cordon;help;man' {
            break
        }
        'cordon;help;iam-policy' {
            break
        }
        'cordon;help;timeline' {
            [CompletionResult]::new('build', 'build', [CompletionResultType]::ParameterValue, 'Merge sources into one timeline: sorted, duplicates dropped, filtered')
            [CompletionResult]::new('verify-digests', 'verify-digests', [CompletionResultType]::ParameterValue, 'Validate the trail''s digest files for the window: signatures (RSA SHA-256 with CloudTrail''s public keys), the chain between digests, and every log file''s hash; reports missing, changed and unsigned files')
            break
        }
        'cordon;help;timeline;build' {
            break
        }
        'cordon;help;timeline;verify-digests' {
            break
        }
        'cordon;help;athena' {
            [CompletionResult]::new('ddl', 'ddl', [CompletionResultType]::ParameterValue, 'Print the CloudTrail table `timeline build --engine athena` queries, over a trail''s archive, with partition projection over account, Region and day (organization and single-account trails); `--apply` creates it. Its accounts and Regions: the global --accounts and --regions, else the archive''s folders (listed)')
            break
        }
        'cordon;help;athena;ddl' {
            break
        }
        'cordon;help;hunt' {
            break
        }
        'cordon;help;drill' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The scenarios in ./drills')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'The JSON Schema of the scenario format (what docs/drill.schema.json holds)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One scenario: what it sets up, the attack''s calls (ATT&CK and Stratus Red Team ids), the alert and the pass mark')
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Set up the scenario, play its attack (on the emulator, with its CloudTrail records in the drill''s trail bucket), write the alert (DIR/alert.json, a GuardDuty finding for `cordon run --from-finding`) and print the briefing. A real account needs the global --account and the SSM parameter /cordon/drill-sandbox holding its id')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Where a drill stands: created, attacked, alert handed over, cleanup due or done')
            [CompletionResult]::new('score', 'score', [CompletionResultType]::ParameterValue, 'Score the response, read-only: the contained state, the evidence in the team''s cases, time to detect and to contain, bystanders left untouched, steps failed or undone. Exits 1 below the pass mark')
            [CompletionResult]::new('cleanup', 'cleanup', [CompletionResultType]::ParameterValue, 'Delete everything the drill created (its inventory, then a sweep for its id), and prove nothing carrying its id is left. Safe to re-run; the team''s case directories are kept, and so are the snapshots the response took of the drill''s volumes (evidence) unless --delete-evidence')
            [CompletionResult]::new('gameday', 'gameday', [CompletionResultType]::ParameterValue, 'A game day: the file''s scenarios started at their offsets, each for its team; those with a `respond` playbook responded to, scored and cleaned up, the others left for their team (score them with `cordon drill score`). One scoreboard (DIR/scoreboard.md and .json); exits 1 if a scored response did not pass')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Start, respond with PLAYBOOK (its inputs from the alert), score and clean up, in one command: how a team tests its playbooks in CI. Exits 1 below the pass mark')
            break
        }
        'cordon;help;drill;list' {
            break
        }
        'cordon;help;drill;schema' {
            break
        }
        'cordon;help;drill;show' {
            break
        }
        'cordon;help;drill;start' {
            break
        }
        'cordon;help;drill;status' {
            break
        }
        'cordon;help;drill;score' {
            break
        }
        'cordon;help;drill;cleanup' {
            break
        }
        'cordon;help;drill;gameday' {
            break
        }
        'cordon;help;drill;run' {
            break
        }
        'cordon;help;report' {
            break
        }
        'cordon;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
