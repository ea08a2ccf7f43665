# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_cordon_global_optspecs
    string join \n profile= region= endpoint-url= allow-insecure-endpoint account= role-arn= external-id= duration= accounts= org ou= role-name= regions= max-accounts= output= max-parallel= h/help V/version
end

function __fish_cordon_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_cordon_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_cordon_using_subcommand
    set -l cmd (__fish_cordon_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c cordon -n "__fish_cordon_needs_command" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_needs_command" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_needs_command" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_needs_command" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_needs_command" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_needs_command" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_needs_command" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_needs_command" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_needs_command" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_needs_command" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_needs_command" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_needs_command" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_needs_command" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_needs_command" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_needs_command" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_needs_command" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_needs_command" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_needs_command" -s V -l version -d 'Print version'
complete -c cordon -n "__fish_cordon_needs_command" -f -a "validate" -d 'Check playbooks: every problem, with file:line:column and a hint'
complete -c cordon -n "__fish_cordon_needs_command" -f -a "plan" -d 'Show what a run would change, after read-only checks against AWS. Makes no change'
complete -c cordon -n "__fish_cordon_needs_command" -f -a "run" -d 'Run a playbook: execute its steps, journaled, and write the case directory'
complete -c cordon -n "__fish_cordon_needs_command" -f -a "actions" -d 'The actions playbooks can use'
complete -c cordon -n "__fish_cordon_needs_command" -f -a "evidence" -d 'Evidence in a case directory'
complete -c cordon -n "__fish_cordon_needs_command" -f -a "undo" -d 'Undo what a case\'s runs changed: the inverse steps, newest first, shown and checked, then executed after approval. Evidence is never deleted'
complete -c cordon -n "__fish_cordon_needs_command" -f -a "resume" -d 'Continue a run that was interrupted (killed, crashed, lost its connection): completed steps are not repeated; an interrupted step is re-run idempotently'
complete -c cordon -n "__fish_cordon_needs_command" -f -a "schema" -d 'The JSON Schema of the playbook format (what docs/playbook.schema.json holds)'
complete -c cordon -n "__fish_cordon_needs_command" -f -a "completions" -d 'Shell completions for cordon, printed (also in docs/completions/)'
complete -c cordon -n "__fish_cordon_needs_command" -f -a "man" -d 'The man page (roff), printed (also docs/cordon.1)'
complete -c cordon -n "__fish_cordon_needs_command" -f -a "iam-policy" -d 'The least-privilege IAM policy the playbooks need (JSON, ready to attach): what `run` and `resume` call, and what `undo` of their steps calls. The global `--account` scopes IAM and S3 resources to that account'
complete -c cordon -n "__fish_cordon_needs_command" -f -a "timeline" -d 'CloudTrail and the responders\' actions on one clock: build a timeline, or check a trail\'s log file integrity'
complete -c cordon -n "__fish_cordon_needs_command" -f -a "athena" -d 'Athena over a trail\'s archive: the table `timeline build --engine athena` queries'
complete -c cordon -n "__fish_cordon_needs_command" -f -a "hunt" -d 'Hunt with Sigma rules (`--rules`, e.g. a SigmaHQ checkout\'s rules/cloud/aws) over CloudTrail, from the same sources and with the same filters as `timeline build`: per rule its hits, first and last seen, actors, keys, addresses and resources; and the response each hit suggests. With --case, the summary is written to CASE_DIR/hunt.json (the report\'s Detections section)'
complete -c cordon -n "__fish_cordon_needs_command" -f -a "drill" -d 'Drills and game days: a simulated incident set up in the local emulator (or an opted-in sandbox account), its attack played, the team\'s response scored, and everything the drill made deleted'
complete -c cordon -n "__fish_cordon_needs_command" -f -a "report" -d 'Render the post-incident report of a case directory (from the case directory only)'
complete -c cordon -n "__fish_cordon_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cordon -n "__fish_cordon_using_subcommand validate" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand validate" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand validate" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand validate" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand validate" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand validate" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand validate" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand validate" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand validate" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand validate" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand validate" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand validate" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand validate" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand validate" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand validate" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand validate" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand validate" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l plan -d 'Run exactly this reviewed plan (`cordon plan --output json`); refuses if the playbook, inputs, case or account differ from when it was made' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l case -d 'Case id, e.g. IR-2026-0042' -r
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l set -d 'An input value, `key=value` (repeatable; wins over --inputs)' -r
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l inputs -d 'A YAML or JSON file of input values' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l from-finding -d 'Fill inputs from a GuardDuty or Security Hub (ASFF) finding (JSON)' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l case-dir -d 'The case directory (default: ./cases/<case id>)' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l operator -d 'The responder\'s name, recorded in the chain of custody' -r
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l yes -d 'Approve every step that asks for approval (`approve: true`) without asking'
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand plan" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand plan" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand run" -l plan -d 'Run exactly this reviewed plan (`cordon plan --output json`); refuses if the playbook, inputs, case or account differ from when it was made' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand run" -l case -d 'Case id, e.g. IR-2026-0042' -r
complete -c cordon -n "__fish_cordon_using_subcommand run" -l set -d 'An input value, `key=value` (repeatable; wins over --inputs)' -r
complete -c cordon -n "__fish_cordon_using_subcommand run" -l inputs -d 'A YAML or JSON file of input values' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand run" -l from-finding -d 'Fill inputs from a GuardDuty or Security Hub (ASFF) finding (JSON)' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand run" -l case-dir -d 'The case directory (default: ./cases/<case id>)' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand run" -l operator -d 'The responder\'s name, recorded in the chain of custody' -r
complete -c cordon -n "__fish_cordon_using_subcommand run" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand run" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand run" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand run" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand run" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand run" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand run" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand run" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand run" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand run" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand run" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand run" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand run" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand run" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand run" -l yes -d 'Approve every step that asks for approval (`approve: true`) without asking'
complete -c cordon -n "__fish_cordon_using_subcommand run" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand run" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand run" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and not __fish_seen_subcommand_from list show docs commands help" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and not __fish_seen_subcommand_from list show docs commands help" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and not __fish_seen_subcommand_from list show docs commands help" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and not __fish_seen_subcommand_from list show docs commands help" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and not __fish_seen_subcommand_from list show docs commands help" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and not __fish_seen_subcommand_from list show docs commands help" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and not __fish_seen_subcommand_from list show docs commands help" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and not __fish_seen_subcommand_from list show docs commands help" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and not __fish_seen_subcommand_from list show docs commands help" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and not __fish_seen_subcommand_from list show docs commands help" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and not __fish_seen_subcommand_from list show docs commands help" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and not __fish_seen_subcommand_from list show docs commands help" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and not __fish_seen_subcommand_from list show docs commands help" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand actions; and not __fish_seen_subcommand_from list show docs commands help" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and not __fish_seen_subcommand_from list show docs commands help" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and not __fish_seen_subcommand_from list show docs commands help" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and not __fish_seen_subcommand_from list show docs commands help" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and not __fish_seen_subcommand_from list show docs commands help" -f -a "list" -d 'List every action'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and not __fish_seen_subcommand_from list show docs commands help" -f -a "show" -d 'One action in full: parameters, outputs, permissions, undo, an example'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and not __fish_seen_subcommand_from list show docs commands help" -f -a "docs" -d 'The Markdown reference of every action (what docs/actions.md holds)'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and not __fish_seen_subcommand_from list show docs commands help" -f -a "commands" -d 'The exact commands the volatile-evidence actions send through Systems Manager (what docs/volatile-evidence.md holds)'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and not __fish_seen_subcommand_from list show docs commands help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from list" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from list" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from list" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from list" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from list" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from list" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from list" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from list" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from list" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from list" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from list" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from list" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from list" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from list" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from list" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from list" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from show" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from show" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from show" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from show" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from show" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from show" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from show" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from show" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from show" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from show" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from show" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from show" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from show" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from show" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from show" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from show" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from docs" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from docs" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from docs" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from docs" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from docs" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from docs" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from docs" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from docs" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from docs" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from docs" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from docs" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from docs" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from docs" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from docs" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from docs" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from docs" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from docs" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from commands" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from commands" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from commands" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from commands" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from commands" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from commands" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from commands" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from commands" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from commands" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from commands" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from commands" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from commands" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from commands" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from commands" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from commands" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from commands" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from commands" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from help" -f -a "list" -d 'List every action'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from help" -f -a "show" -d 'One action in full: parameters, outputs, permissions, undo, an example'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from help" -f -a "docs" -d 'The Markdown reference of every action (what docs/actions.md holds)'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from help" -f -a "commands" -d 'The exact commands the volatile-evidence actions send through Systems Manager (what docs/volatile-evidence.md holds)'
complete -c cordon -n "__fish_cordon_using_subcommand actions; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -f -a "repair" -d 'Mend a journal whose last line was torn (power loss, disk full): the torn bytes are kept as an artifact, the journal cut back to its last complete line, and the repair journaled. Nothing else rewrites a journal; any other damage is refused'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -f -a "verify" -d 'Check a case directory or a bundle: every hash, the journal\'s chain, the signature if there is one; a per-item result'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -f -a "image" -d 'A raw disk image of a snapshot through the EBS direct APIs (no volume, no helper instance): every block checked against the SHA-256 EBS sends with it. Writes FILE (sparse), FILE.blocks.json (each written block\'s index and SHA-256) and FILE.sha256. Run again after an interruption, it reads only the blocks it does not have'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -f -a "changed-blocks" -d 'The blocks that differ between two snapshots of one volume (EBS ListChangedBlocks): what was written between a backup and the evidence snapshot, with byte offsets'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -f -a "bundle" -d 'Write the case as one deterministic zip with SHA256SUMS, optionally signed'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and not __fish_seen_subcommand_from repair verify image changed-blocks bundle help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from repair" -l operator -d 'The responder\'s name, recorded in the chain of custody' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from repair" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from repair" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from repair" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from repair" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from repair" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from repair" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from repair" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from repair" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from repair" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from repair" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from repair" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from repair" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from repair" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from repair" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from repair" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from repair" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from repair" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l public-key -d 'Trust this Ed25519 public key (PEM) as a signer of bundles (repeatable). The key lying beside a bundle is never trusted: it proves only that whoever left it signed' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l trusted-keys -d 'A file of trusted signers\' public keys (PEM, one or more). Default: $CORDON_TRUSTED_KEYS, else ~/.config/cordon/trusted-keys.pem when it exists' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l anchor -d 'A journal line hash kept outside the machine (every run, resume and undo prints the head), or a copy of the journal kept elsewhere (s3.export_evidence uploads one): the journal must still hold that line, so an edited or removed entry up to it is detected' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l max-size -d 'The most bytes a bundle may inflate to when extracted for checking' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l extract-to -d 'Where a bundle is extracted for checking (default: the system\'s temporary directory, often a small tmpfs); its free space is checked first' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l operator -d 'The responder\'s name, recorded in the chain of custody' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l require-signature -d 'Fail (exit status 5) unless the bundle is signed by a trusted key'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l no-record -d 'Do not append a custody record to the case\'s journal (e.g. read-only media)'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from image" -l out -d 'The image to write' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from image" -l concurrency -d 'Blocks read at once (memory: this many 512 KiB blocks)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from image" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from image" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from image" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from image" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from image" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from image" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from image" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from image" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from image" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from image" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from image" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from image" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from image" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from image" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from image" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from image" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from image" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from changed-blocks" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from changed-blocks" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from changed-blocks" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from changed-blocks" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from changed-blocks" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from changed-blocks" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from changed-blocks" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from changed-blocks" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from changed-blocks" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from changed-blocks" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from changed-blocks" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from changed-blocks" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from changed-blocks" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from changed-blocks" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from changed-blocks" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from changed-blocks" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from changed-blocks" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from bundle" -l out -d 'The zip to write' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from bundle" -l sign -d 'Sign SHA256SUMS with this Ed25519 private key (PKCS#8 PEM, e.g. from `openssl genpkey -algorithm ed25519`); the signature (.sig) and public key (.pub) are written beside the zip' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from bundle" -l operator -d 'The responder\'s name, recorded in the chain of custody' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from bundle" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from bundle" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from bundle" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from bundle" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from bundle" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from bundle" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from bundle" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from bundle" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from bundle" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from bundle" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from bundle" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from bundle" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from bundle" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from bundle" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from bundle" -l no-record -d 'Do not append a custody record to the case\'s journal (e.g. read-only media)'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from bundle" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from bundle" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from bundle" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from help" -f -a "repair" -d 'Mend a journal whose last line was torn (power loss, disk full): the torn bytes are kept as an artifact, the journal cut back to its last complete line, and the repair journaled. Nothing else rewrites a journal; any other damage is refused'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check a case directory or a bundle: every hash, the journal\'s chain, the signature if there is one; a per-item result'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from help" -f -a "image" -d 'A raw disk image of a snapshot through the EBS direct APIs (no volume, no helper instance): every block checked against the SHA-256 EBS sends with it. Writes FILE (sparse), FILE.blocks.json (each written block\'s index and SHA-256) and FILE.sha256. Run again after an interruption, it reads only the blocks it does not have'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from help" -f -a "changed-blocks" -d 'The blocks that differ between two snapshots of one volume (EBS ListChangedBlocks): what was written between a backup and the evidence snapshot, with byte offsets'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from help" -f -a "bundle" -d 'Write the case as one deterministic zip with SHA256SUMS, optionally signed'
complete -c cordon -n "__fish_cordon_using_subcommand evidence; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cordon -n "__fish_cordon_using_subcommand undo" -l operator -d 'The responder\'s name, recorded in the chain of custody' -r
complete -c cordon -n "__fish_cordon_using_subcommand undo" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand undo" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand undo" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand undo" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand undo" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand undo" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand undo" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand undo" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand undo" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand undo" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand undo" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand undo" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand undo" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand undo" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand undo" -l yes -d 'Approve without asking'
complete -c cordon -n "__fish_cordon_using_subcommand undo" -l force -d 'Restore even what someone changed since Cordon changed it (by default such a resource is left as it is and named)'
complete -c cordon -n "__fish_cordon_using_subcommand undo" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand undo" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand undo" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand resume" -l playbook -d 'The playbook, if it is no longer at the path the run recorded' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand resume" -l operator -d 'The responder\'s name, recorded in the chain of custody' -r
complete -c cordon -n "__fish_cordon_using_subcommand resume" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand resume" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand resume" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand resume" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand resume" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand resume" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand resume" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand resume" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand resume" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand resume" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand resume" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand resume" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand resume" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand resume" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand resume" -l yes -d 'Approve every step that asks for approval without asking'
complete -c cordon -n "__fish_cordon_using_subcommand resume" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand resume" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand resume" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand schema" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand schema" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand schema" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand schema" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand schema" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand schema" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand schema" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand schema" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand schema" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand schema" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand schema" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand schema" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand schema" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand schema" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand schema" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand schema" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand schema" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand completions" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand completions" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand completions" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand completions" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand completions" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand completions" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand completions" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand completions" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand completions" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand completions" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand completions" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand completions" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand completions" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand completions" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand completions" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand completions" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand completions" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand man" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand man" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand man" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand man" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand man" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand man" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand man" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand man" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand man" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand man" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand man" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand man" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand man" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand man" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand man" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand man" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand man" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand iam-policy" -l partition -d 'The partition the resource ARNs are written for' -r -f -a "aws\t''
aws-cn\t''
aws-us-gov\t''
aws-iso\t''
aws-iso-b\t''
aws-iso-e\t''
aws-iso-f\t''
aws-eusc\t''"
complete -c cordon -n "__fish_cordon_using_subcommand iam-policy" -l trusted-account -d 'Many accounts: the account(s) the responders act from (repeatable). Prints the member-account role (`--role-name`) as a whole: its permissions, its trust policy (these accounts, sessions named `cordon-*`, the global --external-id if given), and what the responders\' identity needs (assume it, list the organization\'s accounts)' -r
complete -c cordon -n "__fish_cordon_using_subcommand iam-policy" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand iam-policy" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand iam-policy" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand iam-policy" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand iam-policy" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand iam-policy" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand iam-policy" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand iam-policy" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand iam-policy" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand iam-policy" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand iam-policy" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand iam-policy" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand iam-policy" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand iam-policy" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand iam-policy" -l no-undo -d 'Leave out what `cordon undo` needs (a role that may only contain)'
complete -c cordon -n "__fish_cordon_using_subcommand iam-policy" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand iam-policy" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand iam-policy" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and not __fish_seen_subcommand_from build verify-digests help" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and not __fish_seen_subcommand_from build verify-digests help" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and not __fish_seen_subcommand_from build verify-digests help" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and not __fish_seen_subcommand_from build verify-digests help" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and not __fish_seen_subcommand_from build verify-digests help" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and not __fish_seen_subcommand_from build verify-digests help" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and not __fish_seen_subcommand_from build verify-digests help" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and not __fish_seen_subcommand_from build verify-digests help" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and not __fish_seen_subcommand_from build verify-digests help" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and not __fish_seen_subcommand_from build verify-digests help" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and not __fish_seen_subcommand_from build verify-digests help" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and not __fish_seen_subcommand_from build verify-digests help" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and not __fish_seen_subcommand_from build verify-digests help" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and not __fish_seen_subcommand_from build verify-digests help" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and not __fish_seen_subcommand_from build verify-digests help" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and not __fish_seen_subcommand_from build verify-digests help" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and not __fish_seen_subcommand_from build verify-digests help" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and not __fish_seen_subcommand_from build verify-digests help" -f -a "build" -d 'Merge sources into one timeline: sorted, duplicates dropped, filtered'
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and not __fish_seen_subcommand_from build verify-digests help" -f -a "verify-digests" -d 'Validate the trail\'s digest files for the window: signatures (RSA SHA-256 with CloudTrail\'s public keys), the chain between digests, and every log file\'s hash; reports missing, changed and unsigned files'
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and not __fish_seen_subcommand_from build verify-digests help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l from -d 'The trail\'s S3 archive, `s3://bucket/prefix`. The global `--account` and `--region` choose which account and Region folders are read (default: all)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l bucket-region -d 'The archive bucket\'s Region, if not the one in use' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l case -d 'A case directory: its responders\' actions are merged in, and the timeline is written to CASE_DIR/timeline.jsonl unless --out says otherwise' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l start -d 'Window start (RFC 3339, e.g. 2026-11-29T10:00:00Z), inclusive' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l end -d 'Window end (RFC 3339), inclusive' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l actor -d 'Keep events by this actor (substring of the actor, ARN or session name; repeatable)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l access-key -d 'Keep events made with this access key id (repeatable)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l event-name -d 'Keep events with this name (repeatable)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l resource -d 'Keep events touching a resource containing this (repeatable)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l source-ip -d 'Keep events from this source IP (repeatable)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l max-file-size -d 'The largest file read, and the most a compressed file may inflate to' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l max-memory -d 'The most file bytes and inflated text that the parallel readers hold at once (a file needs its size plus its inflated size within it)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l rules -d 'Sigma rules: files or directories of `.yml` (product aws, service cloudtrail). Each matching event carries the rules it matched (id, title, level, tags); rules that cannot be used are reported with file and line, and the rest still run' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l engine -d 'Where the trail is read: here (`local`: files, `--from` the archive, `--lookup`), in Athena (`athena`: the window and filters become one query over `--table`, only the answer comes back; `--from` then names the table\'s location, listed, never read, to estimate the scan; see `cordon athena ddl`), or in CloudTrail Lake (`lake`: one query over `--event-data-store`). See docs/athena.md' -r -f -a "local\t''
athena\t''
lake\t''"
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l event-data-store -d 'The CloudTrail Lake event data store `--engine lake` queries (its ARN or id)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l table -d 'The CloudTrail table `--engine athena` queries, DATABASE.TABLE' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l workgroup -d 'The Athena workgroup (its result location and limits apply)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l output-location -d 'Where Athena writes the results, `s3://...`, unless the workgroup sets it' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l max-scan-gb -d 'Refuse an Athena query whose partitions hold more than this many GB (10^9 bytes): estimated before it starts by listing them under `--from`' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l out -d 'Where to write (default: CASE_DIR/timeline.jsonl with --case, else stdout)' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l format -d 'Output format' -r -f -a "jsonl\t'JSON Lines that Timesketch imports directly'
csv\t'CSV (cells a spreadsheet would run as formulas are neutralized)'
md\t'A Markdown table'"
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l lookup -d 'Also read CloudTrail\'s LookupEvents API (management events, last 90 days)'
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l errors-only -d 'Keep only events that failed (with an error code)'
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l writes-only -d 'Keep only events that are not read-only'
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l show-query -d 'With --engine athena or lake: print the query and what it pushes down, and stop. Nothing is listed, started or read (no AWS call): the SQL to review, or to paste into the console'
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l all-files -d 'Read every local file. By default, with --start or --end, a file named as CloudTrail names its log files (ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHMMZ_ID.json.gz) is skipped when its delivery stamp shows it cannot hold events in the window'
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l raw -d 'Embed each event\'s whole CloudTrail record (`raw`) in JSON Lines output. Off by default: it doubles the output, and its free-form request and response fields become thousands of index fields in Timesketch/OpenSearch; `origin` and `event_id` locate the record in its file'
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l no-raw -d 'The default (no raw record); accepted for scripts written for earlier versions'
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from build" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from verify-digests" -l from -d 'The trail\'s S3 archive, `s3://bucket/prefix`' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from verify-digests" -l bucket-region -d 'The archive bucket\'s Region, if not the one in use' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from verify-digests" -l start -d 'Window start (RFC 3339)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from verify-digests" -l end -d 'Window end (RFC 3339)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from verify-digests" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from verify-digests" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from verify-digests" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from verify-digests" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from verify-digests" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from verify-digests" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from verify-digests" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from verify-digests" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from verify-digests" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from verify-digests" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from verify-digests" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from verify-digests" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from verify-digests" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from verify-digests" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from verify-digests" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from verify-digests" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from verify-digests" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from help" -f -a "build" -d 'Merge sources into one timeline: sorted, duplicates dropped, filtered'
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from help" -f -a "verify-digests" -d 'Validate the trail\'s digest files for the window: signatures (RSA SHA-256 with CloudTrail\'s public keys), the chain between digests, and every log file\'s hash; reports missing, changed and unsigned files'
complete -c cordon -n "__fish_cordon_using_subcommand timeline; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cordon -n "__fish_cordon_using_subcommand athena; and not __fish_seen_subcommand_from ddl help" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and not __fish_seen_subcommand_from ddl help" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and not __fish_seen_subcommand_from ddl help" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and not __fish_seen_subcommand_from ddl help" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and not __fish_seen_subcommand_from ddl help" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and not __fish_seen_subcommand_from ddl help" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and not __fish_seen_subcommand_from ddl help" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and not __fish_seen_subcommand_from ddl help" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and not __fish_seen_subcommand_from ddl help" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and not __fish_seen_subcommand_from ddl help" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and not __fish_seen_subcommand_from ddl help" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and not __fish_seen_subcommand_from ddl help" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and not __fish_seen_subcommand_from ddl help" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand athena; and not __fish_seen_subcommand_from ddl help" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and not __fish_seen_subcommand_from ddl help" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand athena; and not __fish_seen_subcommand_from ddl help" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand athena; and not __fish_seen_subcommand_from ddl help" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand athena; and not __fish_seen_subcommand_from ddl help" -f -a "ddl" -d 'Print the CloudTrail table `timeline build --engine athena` queries, over a trail\'s archive, with partition projection over account, Region and day (organization and single-account trails); `--apply` creates it. Its accounts and Regions: the global --accounts and --regions, else the archive\'s folders (listed)'
complete -c cordon -n "__fish_cordon_using_subcommand athena; and not __fish_seen_subcommand_from ddl help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l from -d 'The trail\'s archive: `s3://bucket/[prefix/]AWSLogs/[o-ORGID/]`' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l table -d 'DATABASE.TABLE to create' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l database -d 'The database to create it in, as the table `cloudtrail` (short for `--table DATABASE.cloudtrail`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l bucket-region -d 'The archive bucket\'s Region, if not the one in use' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l workgroup -d 'The Athena workgroup, with --apply' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l output-location -d 'Where Athena writes the statement\'s results, with --apply, unless the workgroup sets it' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l apply -d 'Create the table in Athena (the statement runs in `--workgroup`)'
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from ddl" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from help" -f -a "ddl" -d 'Print the CloudTrail table `timeline build --engine athena` queries, over a trail\'s archive, with partition projection over account, Region and day (organization and single-account trails); `--apply` creates it. Its accounts and Regions: the global --accounts and --regions, else the archive\'s folders (listed)'
complete -c cordon -n "__fish_cordon_using_subcommand athena; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l from -d 'The trail\'s S3 archive, `s3://bucket/prefix`. The global `--account` and `--region` choose which account and Region folders are read (default: all)' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l bucket-region -d 'The archive bucket\'s Region, if not the one in use' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l case -d 'A case directory: its responders\' actions are merged in, and the timeline is written to CASE_DIR/timeline.jsonl unless --out says otherwise' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l start -d 'Window start (RFC 3339, e.g. 2026-11-29T10:00:00Z), inclusive' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l end -d 'Window end (RFC 3339), inclusive' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l actor -d 'Keep events by this actor (substring of the actor, ARN or session name; repeatable)' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l access-key -d 'Keep events made with this access key id (repeatable)' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l event-name -d 'Keep events with this name (repeatable)' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l resource -d 'Keep events touching a resource containing this (repeatable)' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l source-ip -d 'Keep events from this source IP (repeatable)' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l max-file-size -d 'The largest file read, and the most a compressed file may inflate to' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l max-memory -d 'The most file bytes and inflated text that the parallel readers hold at once (a file needs its size plus its inflated size within it)' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l rules -d 'Sigma rules: files or directories of `.yml` (product aws, service cloudtrail). Each matching event carries the rules it matched (id, title, level, tags); rules that cannot be used are reported with file and line, and the rest still run' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l engine -d 'Where the trail is read: here (`local`: files, `--from` the archive, `--lookup`), in Athena (`athena`: the window and filters become one query over `--table`, only the answer comes back; `--from` then names the table\'s location, listed, never read, to estimate the scan; see `cordon athena ddl`), or in CloudTrail Lake (`lake`: one query over `--event-data-store`). See docs/athena.md' -r -f -a "local\t''
athena\t''
lake\t''"
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l event-data-store -d 'The CloudTrail Lake event data store `--engine lake` queries (its ARN or id)' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l table -d 'The CloudTrail table `--engine athena` queries, DATABASE.TABLE' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l workgroup -d 'The Athena workgroup (its result location and limits apply)' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l output-location -d 'Where Athena writes the results, `s3://...`, unless the workgroup sets it' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l max-scan-gb -d 'Refuse an Athena query whose partitions hold more than this many GB (10^9 bytes): estimated before it starts by listing them under `--from`' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l format -d 'The summary\'s format (the global `--output json` also gives JSON)' -r -f -a "text\t''
json\t''
md\t''"
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l events -d 'Also write the matching events as a timeline (JSON Lines, each with its rules)' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l suggest-dir -d 'Where --suggest writes (default: CASE_DIR/suggestions with --case, else ./suggestions)' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l lookup -d 'Also read CloudTrail\'s LookupEvents API (management events, last 90 days)'
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l errors-only -d 'Keep only events that failed (with an error code)'
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l writes-only -d 'Keep only events that are not read-only'
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l show-query -d 'With --engine athena or lake: print the query and what it pushes down, and stop. Nothing is listed, started or read (no AWS call): the SQL to review, or to paste into the console'
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l all-files -d 'Read every local file. By default, with --start or --end, a file named as CloudTrail names its log files (ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHMMZ_ID.json.gz) is skipped when its delivery stamp shows it cannot hold events in the window'
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l suggest -d 'Write one finding file per suggested response (ASFF, which `cordon run --from-finding` reads) and print the command that runs each'
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand hunt" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -f -a "list" -d 'The scenarios in ./drills'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -f -a "schema" -d 'The JSON Schema of the scenario format (what docs/drill.schema.json holds)'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -f -a "show" -d 'One scenario: what it sets up, the attack\'s calls (ATT&CK and Stratus Red Team ids), the alert and the pass mark'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -f -a "start" -d 'Set up the scenario, play its attack (on the emulator, with its CloudTrail records in the drill\'s trail bucket), write the alert (DIR/alert.json, a GuardDuty finding for `cordon run --from-finding`) and print the briefing. A real account needs the global --account and the SSM parameter /cordon/drill-sandbox holding its id'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -f -a "status" -d 'Where a drill stands: created, attacked, alert handed over, cleanup due or done'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -f -a "score" -d 'Score the response, read-only: the contained state, the evidence in the team\'s cases, time to detect and to contain, bystanders left untouched, steps failed or undone. Exits 1 below the pass mark'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -f -a "cleanup" -d 'Delete everything the drill created (its inventory, then a sweep for its id), and prove nothing carrying its id is left. Safe to re-run; the team\'s case directories are kept, and so are the snapshots the response took of the drill\'s volumes (evidence) unless --delete-evidence'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -f -a "gameday" -d 'A game day: the file\'s scenarios started at their offsets, each for its team; those with a `respond` playbook responded to, scored and cleaned up, the others left for their team (score them with `cordon drill score`). One scoreboard (DIR/scoreboard.md and .json); exits 1 if a scored response did not pass'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -f -a "run" -d 'Start, respond with PLAYBOOK (its inputs from the alert), score and clean up, in one command: how a team tests its playbooks in CI. Exits 1 below the pass mark'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and not __fish_seen_subcommand_from list schema show start status score cleanup gameday run help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from list" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from list" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from list" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from list" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from list" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from list" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from list" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from list" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from list" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from list" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from list" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from list" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from list" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from list" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from list" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from list" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from schema" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from schema" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from schema" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from schema" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from schema" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from schema" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from schema" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from schema" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from schema" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from schema" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from schema" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from schema" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from schema" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from schema" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from schema" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from schema" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from schema" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from show" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from show" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from show" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from show" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from show" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from show" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from show" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from show" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from show" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from show" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from show" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from show" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from show" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from show" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from show" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from show" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from start" -l dir -d 'The drill\'s directory (default ./drill-runs/<drill id>)' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from start" -l ttl-hours -d 'Hours until `cordon drill status` says cleanup is due' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from start" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from start" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from start" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from start" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from start" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from start" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from start" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from start" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from start" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from start" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from start" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from start" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from start" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from start" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from start" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from start" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from start" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from status" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from status" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from status" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from status" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from status" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from status" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from status" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from status" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from status" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from status" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from status" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from status" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from status" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from status" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from status" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from status" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from score" -l case-dir -d 'A case directory the team worked in (repeatable)' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from score" -l format -r -f -a "text\t''
json\t''
md\t''
html\t''"
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from score" -l out -d 'Write the scorecard here instead of printing it' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from score" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from score" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from score" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from score" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from score" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from score" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from score" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from score" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from score" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from score" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from score" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from score" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from score" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from score" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from score" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from score" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from score" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from cleanup" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from cleanup" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from cleanup" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from cleanup" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from cleanup" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from cleanup" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from cleanup" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from cleanup" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from cleanup" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from cleanup" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from cleanup" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from cleanup" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from cleanup" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from cleanup" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from cleanup" -l delete-evidence -d 'Also delete the snapshots of the drill\'s volumes (the response\'s evidence)'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from cleanup" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from cleanup" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from cleanup" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from gameday" -l dir -d 'Where the drills\' directories and the scoreboard go (default ./drill-runs/gameday-<name>)' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from gameday" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from gameday" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from gameday" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from gameday" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from gameday" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from gameday" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from gameday" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from gameday" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from gameday" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from gameday" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from gameday" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from gameday" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from gameday" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from gameday" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from gameday" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from gameday" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from gameday" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -l respond -d 'A playbook that responds: a file, or the name of one in ./playbooks. Repeat it for a response of several playbooks, run in order into one case' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -l set -d 'An input value, `key=value` (repeatable), given to each responding playbook that declares the input' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -l dir -d 'The drill\'s directory (default ./drill-runs/<drill id>)' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -l format -r -f -a "text\t''
json\t''
md\t''
html\t''"
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -l keep -d 'Leave the drill\'s resources in place (`cordon drill cleanup DIR` later)'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -l delete-evidence -d 'At cleanup, also delete the response\'s snapshots of the drill\'s volumes'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from run" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "list" -d 'The scenarios in ./drills'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "schema" -d 'The JSON Schema of the scenario format (what docs/drill.schema.json holds)'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "show" -d 'One scenario: what it sets up, the attack\'s calls (ATT&CK and Stratus Red Team ids), the alert and the pass mark'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "start" -d 'Set up the scenario, play its attack (on the emulator, with its CloudTrail records in the drill\'s trail bucket), write the alert (DIR/alert.json, a GuardDuty finding for `cordon run --from-finding`) and print the briefing. A real account needs the global --account and the SSM parameter /cordon/drill-sandbox holding its id'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "status" -d 'Where a drill stands: created, attacked, alert handed over, cleanup due or done'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "score" -d 'Score the response, read-only: the contained state, the evidence in the team\'s cases, time to detect and to contain, bystanders left untouched, steps failed or undone. Exits 1 below the pass mark'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "cleanup" -d 'Delete everything the drill created (its inventory, then a sweep for its id), and prove nothing carrying its id is left. Safe to re-run; the team\'s case directories are kept, and so are the snapshots the response took of the drill\'s volumes (evidence) unless --delete-evidence'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "gameday" -d 'A game day: the file\'s scenarios started at their offsets, each for its team; those with a `respond` playbook responded to, scored and cleaned up, the others left for their team (score them with `cordon drill score`). One scoreboard (DIR/scoreboard.md and .json); exits 1 if a scored response did not pass'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "run" -d 'Start, respond with PLAYBOOK (its inputs from the alert), score and clean up, in one command: how a team tests its playbooks in CI. Exits 1 below the pass mark'
complete -c cordon -n "__fish_cordon_using_subcommand drill; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cordon -n "__fish_cordon_using_subcommand report" -l format -d 'Markdown, one self-contained HTML page, or JSON (the report\'s data, for programs)' -r -f -a "md\t''
html\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand report" -l out -d 'Where to write it (default: CASE_DIR/report.<md|html|json>)' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand report" -l template -d 'A directory with the organization\'s own minijinja templates (report.md.j2, report.html.j2); the shipped ones are in templates/' -r -F
complete -c cordon -n "__fish_cordon_using_subcommand report" -l profile -d 'AWS profile (default: the standard credential chain)' -r
complete -c cordon -n "__fish_cordon_using_subcommand report" -l region -d 'AWS Region (default: from the profile or AWS_REGION)' -r
complete -c cordon -n "__fish_cordon_using_subcommand report" -l endpoint-url -d 'A custom AWS endpoint, e.g. a local emulator (AWS_ENDPOINT_URL is honoured too). Plain http:// is refused unless it is on this machine (loopback)' -r
complete -c cordon -n "__fish_cordon_using_subcommand report" -l account -d 'Refuse to act in any account but this one (with --role-arn: the role\'s account)' -r
complete -c cordon -n "__fish_cordon_using_subcommand report" -l role-arn -d 'Act through this role, assumed from the standard credential chain; the session is named for the case and operator (`cordon-IR-2026-0042-alice`)' -r
complete -c cordon -n "__fish_cordon_using_subcommand report" -l external-id -d 'The external id the role\'s trust policy asks for (with --role-arn, --role-name, or on `resume`/`undo` of a case whose role needed one)' -r
complete -c cordon -n "__fish_cordon_using_subcommand report" -l duration -d 'The assumed role session\'s length in seconds (it is renewed as it runs out)' -r
complete -c cordon -n "__fish_cordon_using_subcommand report" -l accounts -d 'Target these accounts (comma-separated), each through --role-name' -r
complete -c cordon -n "__fish_cordon_using_subcommand report" -l ou -d 'With --org: only the accounts of this organizational unit and the units beneath it' -r
complete -c cordon -n "__fish_cordon_using_subcommand report" -l role-name -d 'The role assumed in each target account (e.g. IR-Responder; a path is written path/name)' -r
complete -c cordon -n "__fish_cordon_using_subcommand report" -l regions -d 'Target these Regions (comma-separated), or `all` for every Region enabled in the account acting (default: the one in use)' -r
complete -c cordon -n "__fish_cordon_using_subcommand report" -l max-accounts -d 'How many accounts and Regions are worked on at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand report" -l output -d 'Output format' -r -f -a "text\t''
json\t''"
complete -c cordon -n "__fish_cordon_using_subcommand report" -l max-parallel -d 'How many independent steps (or `for_each` items) run at once' -r
complete -c cordon -n "__fish_cordon_using_subcommand report" -l allow-insecure-endpoint -d 'Accept a plain http:// endpoint on another machine (credentials-signed requests and evidence then cross the network in clear text)'
complete -c cordon -n "__fish_cordon_using_subcommand report" -l org -d 'Target every active account of the organization (listed through Organizations from the management or a delegated-administrator account), each through --role-name'
complete -c cordon -n "__fish_cordon_using_subcommand report" -s h -l help -d 'Print help'
complete -c cordon -n "__fish_cordon_using_subcommand help; and not __fish_seen_subcommand_from validate plan run actions evidence undo resume schema completions man iam-policy timeline athena hunt drill report help" -f -a "validate" -d 'Check playbooks: every problem, with file:line:column and a hint'
complete -c cordon -n "__fish_cordon_using_subcommand help; and not __fish_seen_subcommand_from validate plan run actions evidence undo resume schema completions man iam-policy timeline athena hunt drill report help" -f -a "plan" -d 'Show what a run would change, after read-only checks against AWS. Makes no change'
complete -c cordon -n "__fish_cordon_using_subcommand help; and not __fish_seen_subcommand_from validate plan run actions evidence undo resume schema completions man iam-policy timeline athena hunt drill report help" -f -a "run" -d 'Run a playbook: execute its steps, journaled, and write the case directory'
complete -c cordon -n "__fish_cordon_using_subcommand help; and not __fish_seen_subcommand_from validate plan run actions evidence undo resume schema completions man iam-policy timeline athena hunt drill report help" -f -a "actions" -d 'The actions playbooks can use'
complete -c cordon -n "__fish_cordon_using_subcommand help; and not __fish_seen_subcommand_from validate plan run actions evidence undo resume schema completions man iam-policy timeline athena hunt drill report help" -f -a "evidence" -d 'Evidence in a case directory'
complete -c cordon -n "__fish_cordon_using_subcommand help; and not __fish_seen_subcommand_from validate plan run actions evidence undo resume schema completions man iam-policy timeline athena hunt drill report help" -f -a "undo" -d 'Undo what a case\'s runs changed: the inverse steps, newest first, shown and checked, then executed after approval. Evidence is never deleted'
complete -c cordon -n "__fish_cordon_using_subcommand help; and not __fish_seen_subcommand_from validate plan run actions evidence undo resume schema completions man iam-policy timeline athena hunt drill report help" -f -a "resume" -d 'Continue a run that was interrupted (killed, crashed, lost its connection): completed steps are not repeated; an interrupted step is re-run idempotently'
complete -c cordon -n "__fish_cordon_using_subcommand help; and not __fish_seen_subcommand_from validate plan run actions evidence undo resume schema completions man iam-policy timeline athena hunt drill report help" -f -a "schema" -d 'The JSON Schema of the playbook format (what docs/playbook.schema.json holds)'
complete -c cordon -n "__fish_cordon_using_subcommand help; and not __fish_seen_subcommand_from validate plan run actions evidence undo resume schema completions man iam-policy timeline athena hunt drill report help" -f -a "completions" -d 'Shell completions for cordon, printed (also in docs/completions/)'
complete -c cordon -n "__fish_cordon_using_subcommand help; and not __fish_seen_subcommand_from validate plan run actions evidence undo resume schema completions man iam-policy timeline athena hunt drill report help" -f -a "man" -d 'The man page (roff), printed (also docs/cordon.1)'
complete -c cordon -n "__fish_cordon_using_subcommand help; and not __fish_seen_subcommand_from validate plan run actions evidence undo resume schema completions man iam-policy timeline athena hunt drill report help" -f -a "iam-policy" -d 'The least-privilege IAM policy the playbooks need (JSON, ready to attach): what `run` and `resume` call, and what `undo` of their steps calls. The global `--account` scopes IAM and S3 resources to that account'
complete -c cordon -n "__fish_cordon_using_subcommand help; and not __fish_seen_subcommand_from validate plan run actions evidence undo resume schema completions man iam-policy timeline athena hunt drill report help" -f -a "timeline" -d 'CloudTrail and the responders\' actions on one clock: build a timeline, or check a trail\'s log file integrity'
complete -c cordon -n "__fish_cordon_using_subcommand help; and not __fish_seen_subcommand_from validate plan run actions evidence undo resume schema completions man iam-policy timeline athena hunt drill report help" -f -a "athena" -d 'Athena over a trail\'s archive: the table `timeline build --engine athena` queries'
complete -c cordon -n "__fish_cordon_using_subcommand help; and not __fish_seen_subcommand_from validate plan run actions evidence undo resume schema completions man iam-policy timeline athena hunt drill report help" -f -a "hunt" -d 'Hunt with Sigma rules (`--rules`, e.g. a SigmaHQ checkout\'s rules/cloud/aws) over CloudTrail, from the same sources and with the same filters as `timeline build`: per rule its hits, first and last seen, actors, keys, addresses and resources; and the response each hit suggests. With --case, the summary is written to CASE_DIR/hunt.json (the report\'s Detections section)'
complete -c cordon -n "__fish_cordon_using_subcommand help; and not __fish_seen_subcommand_from validate plan run actions evidence undo resume schema completions man iam-policy timeline athena hunt drill report help" -f -a "drill" -d 'Drills and game days: a simulated incident set up in the local emulator (or an opted-in sandbox account), its attack played, the team\'s response scored, and everything the drill made deleted'
complete -c cordon -n "__fish_cordon_using_subcommand help; and not __fish_seen_subcommand_from validate plan run actions evidence undo resume schema completions man iam-policy timeline athena hunt drill report help" -f -a "report" -d 'Render the post-incident report of a case directory (from the case directory only)'
complete -c cordon -n "__fish_cordon_using_subcommand help; and not __fish_seen_subcommand_from validate plan run actions evidence undo resume schema completions man iam-policy timeline athena hunt drill report help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cordon -n "__fish_cordon_using_subcommand help; and __fish_seen_subcommand_from actions" -f -a "list" -d 'List every action'
complete -c cordon -n "__fish_cordon_using_subcommand help; and __fish_seen_subcommand_from actions" -f -a "show" -d 'One action in full: parameters, outputs, permissions, undo, an example'
complete -c cordon -n "__fish_cordon_using_subcommand help; and __fish_seen_subcommand_from actions" -f -a "docs" -d 'The Markdown reference of every action (what docs/actions.md holds)'
complete -c cordon -n "__fish_cordon_using_subcommand help; and __fish_seen_subcommand_from actions" -f -a "commands" -d 'The exact commands the volatile-evidence actions send through Systems Manager (what docs/volatile-evidence.md holds)'
complete -c cordon -n "__fish_cordon_using_subcommand help; and __fish_seen_subcommand_from evidence" -f -a "repair" -d 'Mend a journal whose last line was torn (power loss, disk full): the torn bytes are kept as an artifact, the journal cut back to its last complete line, and the repair journaled. Nothing else rewrites a journal; any other damage is refused'
complete -c cordon -n "__fish_cordon_using_subcommand help; and __fish_seen_subcommand_from evidence" -f -a "verify" -d 'Check a case directory or a bundle: every hash, the journal\'s chain, the signature if there is one; a per-item result'
complete -c cordon -n "__fish_cordon_using_subcommand help; and __fish_seen_subcommand_from evidence" -f -a "image" -d 'A raw disk image of a snapshot through the EBS direct APIs (no volume, no helper instance): every block checked against the SHA-256 EBS sends with it. Writes FILE (sparse), FILE.blocks.json (each written block\'s index and SHA-256) and FILE.sha256. Run again after an interruption, it reads only the blocks it does not have'
complete -c cordon -n "__fish_cordon_using_subcommand help; and __fish_seen_subcommand_from evidence" -f -a "changed-blocks" -d 'The blocks that differ between two snapshots of one volume (EBS ListChangedBlocks): what was written between a backup and the evidence snapshot, with byte offsets'
complete -c cordon -n "__fish_cordon_using_subcommand help; and __fish_seen_subcommand_from evidence" -f -a "bundle" -d 'Write the case as one deterministic zip with SHA256SUMS, optionally signed'
complete -c cordon -n "__fish_cordon_using_subcommand help; and __fish_seen_subcommand_from timeline" -f -a "build" -d 'Merge sources into one timeline: sorted, duplicates dropped, filtered'
complete -c cordon -n "__fish_cordon_using_subcommand help; and __fish_seen_subcommand_from timeline" -f -a "verify-digests" -d 'Validate the trail\'s digest files for the window: signatures (RSA SHA-256 with CloudTrail\'s public keys), the chain between digests, and every log file\'s hash; reports missing, changed and unsigned files'
complete -c cordon -n "__fish_cordon_using_subcommand help; and __fish_seen_subcommand_from athena" -f -a "ddl" -d 'Print the CloudTrail table `timeline build --engine athena` queries, over a trail\'s archive, with partition projection over account, Region and day (organization and single-account trails); `--apply` creates it. Its accounts and Regions: the global --accounts and --regions, else the archive\'s folders (listed)'
complete -c cordon -n "__fish_cordon_using_subcommand help; and __fish_seen_subcommand_from drill" -f -a "list" -d 'The scenarios in ./drills'
complete -c cordon -n "__fish_cordon_using_subcommand help; and __fish_seen_subcommand_from drill" -f -a "schema" -d 'The JSON Schema of the scenario format (what docs/drill.schema.json holds)'
complete -c cordon -n "__fish_cordon_using_subcommand help; and __fish_seen_subcommand_from drill" -f -a "show" -d 'One scenario: what it sets up, the attack\'s calls (ATT&CK and Stratus Red Team ids), the alert and the pass mark'
complete -c cordon -n "__fish_cordon_using_subcommand help; and __fish_seen_subcommand_from drill" -f -a "start" -d 'Set up the scenario, play its attack (on the emulator, with its CloudTrail records in the drill\'s trail bucket), write the alert (DIR/alert.json, a GuardDuty finding for `cordon run --from-finding`) and print the briefing. A real account needs the global --account and the SSM parameter /cordon/drill-sandbox holding its id'
complete -c cordon -n "__fish_cordon_using_subcommand help; and __fish_seen_subcommand_from drill" -f -a "status" -d 'Where a drill stands: created, attacked, alert handed over, cleanup due or done'
complete -c cordon -n "__fish_cordon_using_subcommand help; and __fish_seen_subcommand_from drill" -f -a "score" -d 'Score the response, read-only: the contained state, the evidence in the team\'s cases, time to detect and to contain, bystanders left untouched, steps failed or undone. Exits 1 below the pass mark'
complete -c cordon -n "__fish_cordon_using_subcommand help; and __fish_seen_subcommand_from drill" -f -a "cleanup" -d 'Delete everything the drill created (its inventory, then a sweep for its id), and prove nothing carrying its id is left. Safe to re-run; the team\'s case directories are kept, and so are the snapshots the response took of the drill\'s volumes (evidence) unless --delete-evidence'
complete -c cordon -n "__fish_cordon_using_subcommand help; and __fish_seen_subcommand_from drill" -f -a "gameday" -d 'A game day: the file\'s scenarios started at their offsets, each for its team; those with a `respond` playbook responded to, scored and cleaned up, the others left for their team (score them with `cordon drill score`). One scoreboard (DIR/scoreboard.md and .json); exits 1 if a scored response did not pass'
complete -c cordon -n "__fish_cordon_using_subcommand help; and __fish_seen_subcommand_from drill" -f -a "run" -d 'Start, respond with PLAYBOOK (its inputs from the alert), score and clean up, in one command: how a team tests its playbooks in CI. Exits 1 below the pass mark'
