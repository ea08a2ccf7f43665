"""Cordon's tests: Athena's GetQueryResults in pages, as AWS gives them.

AWS answers at most `MaxResults` rows (1,000 at most, the default) and a `NextToken`
for the rest; moto 5.1.22 answers every row of a seeded result at once and ignores both,
so a reader that never follows a token would pass. Installed beside moto's Athena
service by the project's emulator tooling (`crates/testenv/src/emulator.rs`), hooked
into `get_query_results`.
"""


def page(result, max_results, next_token):
    """`result` (GetQueryResults' answer) cut to the page `next_token` names."""
    rows = result["ResultSet"]["Rows"]
    size = min(int(max_results or 1000), 1000)
    start = int(next_token or 0)
    end = start + size
    result["ResultSet"]["Rows"] = rows[start:end]
    if end < len(rows):
        result["NextToken"] = str(end)
    return result
