//! "Did you mean ...?" for misspelt keys, values, roles and ids.

/// The candidate closest to `input`, if one is close enough to be a likely typo.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input_lower = input.to_lowercase();
    let limit = (input.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (distance(&input_lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= limit || (c.starts_with(input) && input.len() >= 3))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// A ready-made hint: "did you mean `x`?" or the list of valid choices.
pub fn hint<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str> + Clone) -> String {
    match closest(input, candidates.clone()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => choices(candidates),
    }
}

/// "expected one of `a`, `b`, `c`" (or "nothing is declared" when empty).
pub fn choices<'a>(candidates: impl IntoIterator<Item = &'a str>) -> String {
    let mut all: Vec<&str> = candidates.into_iter().collect();
    all.sort_unstable();
    all.dedup();
    if all.is_empty() {
        return "nothing of this kind is declared".to_string();
    }
    let listed: Vec<String> = all.iter().take(12).map(|c| format!("`{c}`")).collect();
    let more = if all.len() > 12 { ", ..." } else { "" };
    format!("expected one of {}{more}", listed.join(", "))
}

/// Edit distance by characters, counting a swap of neighbours as one edit
/// (optimal string alignment).
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_candidate() {
        let models = ["freelancer", "dedicated", "pod", "retainer", "hybrid"];
        assert_eq!(closest("freelance", models), Some("freelancer"));
        assert_eq!(closest("Dedicated", models), Some("dedicated"));
        assert_eq!(closest("banana", models), None);
        assert_eq!(closest("modle", ["model", "stage"]), Some("model"));
    }

    #[test]
    fn lists_choices_when_nothing_is_close() {
        assert_eq!(hint("zzz", ["b", "a"]), "expected one of `a`, `b`");
    }
}
