//! Escaping of attacker-controlled text for the formats Cordon writes.

/// Escapes text for a Markdown table cell: it cannot break the table or inject markup.
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '`' => out.push_str("\\`"),
            '*' | '_' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A code span holding `s` as literal text, for a Markdown table cell or a line. Inside a
/// code span CommonMark honours no backslash escape, so a backtick in the value would end
/// the span early: the fence is one backtick longer than the longest run in the value
/// (padded with a space where the value begins or ends with one). A `|` is escaped as
/// `\|` (GFM tables split cells on it even inside code spans, and take that escape
/// there), and line breaks become spaces.
pub fn md_code(s: &str) -> String {
    let flat: String = s.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }).collect();
    let flat = flat.replace('|', "\\|");
    let mut longest = 0;
    let mut run = 0;
    for c in flat.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = flat.starts_with('`')
        || flat.ends_with('`')
        || (flat.starts_with(' ') && flat.ends_with(' ') && !flat.trim().is_empty());
    let pad = if pad { " " } else { "" };
    if flat.is_empty() {
        return String::new();
    }
    format!("{fence}{pad}{flat}{pad}{fence}")
}

/// Neutralizes a CSV cell a spreadsheet would run as a formula (OWASP: a leading
/// `=`, `+`, `-`, `@`, tab or carriage return): it is prefixed with `'`.
pub fn csv_cell(s: &str) -> std::borrow::Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\u{ff1d}' | '\u{ff0b}' | '\u{ff0d}' | '\u{ff20}') => {
            std::borrow::Cow::Owned(format!("'{s}"))
        }
        _ => std::borrow::Cow::Borrowed(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_table_breakers() {
        assert_eq!(md_escape("a|b\nc<script>`x`"), "a\\|b c&lt;script&gt;\\`x\\`");
    }

    #[test]
    fn neutralizes_formulas() {
        assert_eq!(csv_cell("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(csv_cell("-1+2"), "'-1+2");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tcmd"), "'\tcmd");
        assert_eq!(csv_cell("alice"), "alice");
        assert_eq!(csv_cell(""), "");
    }
}
